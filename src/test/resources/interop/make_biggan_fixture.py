"""Fixture for gen4j's import of BigGAN-PyTorch state dicts (issue 16).

Builds a tiny BigGAN generator with the author's code (ajbrock/BigGAN-PyTorch, BigGAN.py: the
CIFAR architecture at 32x32, shared class embedding, hierarchical z, no attention), perturbs its
parameters and batch-norm statistics, saves its state_dict with torch.save (the zip format, as
its training writes G_ema.pth) and the author's code's images for fixed latents and classes.
Run with Debian's python3-torch (1.13, CPU) from this folder:

    BIGGAN_REPO=/path/to/BigGAN-PyTorch /usr/bin/python3 make_biggan_fixture.py

Outputs: biggan32-G_ema.pth, biggan32-z.npy (float32 [4, 16]), biggan32-c.npy (int64 [4]) and
biggan32-images.npy (float32 [4, 3, 32, 32], the generator in eval mode).
"""
import os, sys
import numpy as np
sys.path.insert(0, os.environ['BIGGAN_REPO'])
import torch
import BigGAN

torch.manual_seed(5)
gen = torch.Generator().manual_seed(5)
G = BigGAN.Generator(G_ch=4, dim_z=16, bottom_width=4, resolution=32, G_attn='0', n_classes=3, shared_dim=8, hier=True,
                     G_shared=True, skip_init=False, no_optim=True).eval()
with torch.no_grad():
    for name, t in G.state_dict().items():
        if name.endswith('stored_var'):
            t.copy_(torch.rand(t.shape, generator=gen) + 0.5)
        elif name.endswith(('u0', 'sv0')):
            continue  # power iteration state, random already
        else:
            t.add_(torch.randn(t.shape, generator=gen) * 0.1)
torch.save(G.state_dict(), 'biggan32-G_ema.pth')
z = torch.randn([4, 16], generator=gen)
c = torch.tensor([0, 1, 2, 1], dtype=torch.int64)
with torch.no_grad():
    images = G(z, G.shared(c))
np.save('biggan32-z.npy', z.numpy())
np.save('biggan32-c.npy', c.numpy())
np.save('biggan32-images.npy', images.numpy())
