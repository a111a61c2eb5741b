"""Fixture for gen4j's import of BigGAN-PyTorch state dicts (issue 16).

Builds a tiny BigGAN generator with the author's code (ajbrock/BigGAN-PyTorch, BigGAN.py: the
CIFAR architecture at 32x32, shared class embedding, hierarchical z, no attention), perturbs its
parameters and batch-norm statistics, saves its state_dict with torch.save (the zip format, as
its training writes G_ema.pth) and the author's code's images for fixed latents and classes.
Run with Debian's python3-torch (1.13, CPU) from this folder:

    BIGGAN_REPO=/path/to/BigGAN-PyTorch /usr/bin/python3 make_biggan_fixture.py

Outputs: biggan32-G_ema.pth, biggan32-z.npy (float32 [4, 16]), biggan32-c.npy (int64 [4]) and
biggan32-images.npy (float32 [4, 3, 32, 32], the generator in eval mode).

A second pair, at 64x64 with self-attention at 32x32 in both networks (the layout of the authors'
ImageNet scripts, narrow): biggan64-G_ema.pth and biggan64-D.pth (the D.pth their training saves),
biggan64-z.npy (float32 [3, 20]), biggan64-c.npy (int64 [3]), biggan64-images.npy (float32
[3, 3, 64, 64]) and biggan64-d.npy (float32 [3], D's logits for those images and classes in eval mode).
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


def perturb(net):
    with torch.no_grad():
        for name, t in net.state_dict().items():
            if name.endswith('stored_var'):
                t.copy_(torch.rand(t.shape, generator=gen) + 0.5)
            elif name.endswith(('u0', 'sv0')):
                continue
            else:
                t.add_(torch.randn(t.shape, generator=gen) * 0.1)


G = BigGAN.Generator(G_ch=8, dim_z=20, bottom_width=4, resolution=64, G_attn='32', n_classes=3, shared_dim=8, hier=True,
                     G_shared=True, skip_init=False, no_optim=True).eval()
D = BigGAN.Discriminator(D_ch=8, resolution=64, D_attn='32', n_classes=3, skip_init=False, no_optim=True).eval()
perturb(G)
perturb(D)
torch.save(G.state_dict(), 'biggan64-G_ema.pth')
torch.save(D.state_dict(), 'biggan64-D.pth')
z = torch.randn([3, 20], generator=gen)
c = torch.tensor([2, 0, 1], dtype=torch.int64)
with torch.no_grad():
    images = G(z, G.shared(c))
    logits = D(images, c)[:, 0]
np.save('biggan64-z.npy', z.numpy())
np.save('biggan64-c.npy', c.numpy())
np.save('biggan64-images.npy', images.numpy())
np.save('biggan64-d.npy', logits.numpy())
