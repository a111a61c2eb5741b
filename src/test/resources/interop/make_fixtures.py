"""Fixtures for gen4j's import of official StyleGAN network pickles (issue 16).

Builds tiny, randomly initialised networks with NVIDIA's own code, pickles them as its training loop
does (a dict of G, D, G_ema, augment_pipe and training_set_kwargs, every module through
torch_utils.persistence), and stores the official outputs for fixed latents beside them.
Run with Debian's python3-torch (1.13, CPU) from this folder:

    SG3_REPO=/path/to/NVlabs/stylegan3 /usr/bin/python3 make_fixtures.py

(networks_stylegan2.py in the stylegan3 repository is stylegan2-ada-pytorch's networks.py.)
Every parameter and buffer is perturbed after construction, so that zero-initialised ones (noise
strengths, biases) and G_ema's difference from G are exercised. Outputs, per fixture NAME:
NAME.pkl, NAME-z.npy (float32 [4, z_dim]), NAME-c.npy (int64 [4], conditional ones only),
NAME-const.npy, NAME-none.npy and NAME-psi.npy (G_ema's images for noise_mode const, none, and
const with truncation_psi 0.5; float32 [4, C, R, R]) and NAME-d.npy (D's logits of the const images).
"""
import copy, os, pickle, sys
import numpy as np
sys.path.insert(0, os.environ['SG3_REPO'])
import torch
from torch_utils.ops import bias_act, upfirdn2d, conv2d_gradfix
bias_act._init = upfirdn2d._init = lambda: False  # the reference implementations, as on any CPU
conv2d_gradfix.enabled = False
from training import networks_stylegan2 as n2


def perturb(module, scale, gen):
    with torch.no_grad():
        for name, t in list(module.named_parameters()) + list(module.named_buffers()):
            if name.endswith('resample_filter'):
                continue
            t.add_(torch.randn(t.shape, generator=gen) * scale)


def stylegan2(name, res, channels, c_dim, seed):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    common = dict(c_dim=c_dim, img_resolution=res, img_channels=channels)
    G = n2.Generator(z_dim=8, w_dim=8, **common, mapping_kwargs=dict(num_layers=2),
                     channel_base=16 * res, channel_max=16, num_fp16_res=0, conv_clamp=256)
    D = n2.Discriminator(**common, architecture='resnet', channel_base=16 * res, channel_max=16, num_fp16_res=0,
                         conv_clamp=256, epilogue_kwargs=dict(mbstd_group_size=2))
    perturb(G, 0.2, gen)
    perturb(D, 0.2, gen)
    G_ema = copy.deepcopy(G)
    perturb(G_ema, 0.05, gen)
    for m in (G, D, G_ema):
        m.eval().requires_grad_(False)
    with open(name + '.pkl', 'wb') as f:
        pickle.dump(dict(G=G, D=D, G_ema=G_ema, augment_pipe=None, training_set_kwargs=None), f)
    z = torch.randn([4, 8], generator=gen)
    np.save(name + '-z.npy', z.numpy())
    c = None
    if c_dim:
        labels = torch.tensor([0, 1, c_dim - 1, 1], dtype=torch.int64)
        np.save(name + '-c.npy', labels.numpy())
        c = torch.nn.functional.one_hot(labels, c_dim).float()
    with torch.no_grad():
        const = G_ema(z, c, noise_mode='const')
        np.save(name + '-const.npy', const.numpy())
        np.save(name + '-none.npy', G_ema(z, c, noise_mode='none').numpy())
        np.save(name + '-psi.npy', G_ema(z, c, truncation_psi=0.5, noise_mode='const').numpy())
        np.save(name + '-d.npy', D(const, c).numpy())


stylegan2('stylegan2-rgb16', 16, 3, 0, 1)
stylegan2('stylegan2-gray8', 8, 1, 0, 2)
