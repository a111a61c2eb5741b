"""Fixtures for gen4j's import of official StyleGAN network pickles (issue 16).

Builds tiny, randomly initialised networks with NVIDIA's own code, pickles them as its training loop
does (a dict of G, D, G_ema, augment_pipe and training_set_kwargs, every module through
torch_utils.persistence), and stores the official outputs for fixed latents beside them.
The StyleGAN3 fixtures pair its generator (configs T and R) with StyleGAN2's discriminator, as
its training does; StyleGAN3 has no noise inputs, so it has no -none images.
Run with Debian's python3-torch (1.13, CPU) from this folder:

    SG3_REPO=/path/to/NVlabs/stylegan3 /usr/bin/python3 make_fixtures.py

(networks_stylegan2.py in the stylegan3 repository is stylegan2-ada-pytorch's networks.py.)
Every parameter and buffer is perturbed after construction, so that zero-initialised ones (noise
strengths, biases) and G_ema's difference from G are exercised. Outputs, per fixture NAME:
NAME.pkl, NAME-z.npy (float32 [4, z_dim]), NAME-c.npy (int64 [4], conditional ones only),
NAME-const.npy, NAME-none.npy (StyleGAN2 only) and NAME-psi.npy (G_ema's images for noise_mode const, none, and
const with truncation_psi 0.5; float32 [4, C, R, R]) and NAME-d.npy (D's logits of the const images).

The conditional fixtures (stylegan2-cond16, stylegan3t-cond16: 16x16 RGB, c_dim 3) have the official
defaults for conditioning: G's label embedding of w_dim features (learning rate multiplier 1), and D's
mapping network of the default 8 layers to cmap_dim = D's channels at 4x4 (the official train.py sets no
D mapping_kwargs). Their images and logits are for the one-hot labels NAME-c.npy ([0, 1, 2, 1]).
They were added later; to make only some fixtures (and leave the others' files as they are), name them:

    SG3_REPO=... /usr/bin/python3 make_fixtures.py stylegan2-cond16 stylegan3t-cond16
"""
import copy, os, pickle, sys
import numpy as np
sys.path.insert(0, os.environ['SG3_REPO'])
import torch
from torch_utils.ops import bias_act, upfirdn2d, conv2d_gradfix, filtered_lrelu
bias_act._init = upfirdn2d._init = filtered_lrelu._init = lambda: False  # the reference implementations, as on any CPU
conv2d_gradfix.enabled = False
from training import networks_stylegan2 as n2
from training import networks_stylegan3 as n3


def perturb(module, scale, gen):
    with torch.no_grad():
        for name, t in list(module.named_parameters()) + list(module.named_buffers()):
            if name.endswith(('resample_filter', 'up_filter', 'down_filter', 'transform', 'freqs', 'phases')):
                continue  # fixed by construction (filters, the user transform) or drawn at random already
            if name.endswith('magnitude_ema'):
                t.copy_(torch.rand(t.shape, generator=gen) + 0.5)  # a tracked mean square: positive
                continue
            t.add_(torch.randn(t.shape, generator=gen) * scale)


def stylegan2(name, res, channels, c_dim, seed, cfg=None):
    if len(sys.argv) > 1 and name not in sys.argv[1:]:
        return
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    common = dict(c_dim=c_dim, img_resolution=res, img_channels=channels)
    if cfg is None:
        G = n2.Generator(z_dim=8, w_dim=8, **common, mapping_kwargs=dict(num_layers=2),
                         channel_base=16 * res, channel_max=16, num_fp16_res=0, conv_clamp=256)
    else:  # StyleGAN3's generator (config t or r) with StyleGAN2's discriminator, as its training uses
        r = cfg == 'r'
        G = n3.Generator(z_dim=8, w_dim=8, **common, mapping_kwargs=dict(num_layers=2), channel_base=256 * (2 if r else 1),
                         channel_max=8 * (2 if r else 1), num_fp16_res=0, conv_clamp=256, conv_kernel=1 if r else 3,
                         use_radial_filters=r)
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
        if cfg is None:
            np.save(name + '-none.npy', G_ema(z, c, noise_mode='none').numpy())
        np.save(name + '-psi.npy', G_ema(z, c, truncation_psi=0.5, noise_mode='const').numpy())
        np.save(name + '-d.npy', D(const, c).numpy())


stylegan2('stylegan2-rgb16', 16, 3, 0, 1)
stylegan2('stylegan2-gray8', 8, 1, 0, 2)
stylegan2('stylegan3t-rgb16', 16, 3, 0, 3, cfg='t')
stylegan2('stylegan3r-gray16', 16, 1, 0, 4, cfg='r')
stylegan2('stylegan2-cond16', 16, 3, 3, 5)
stylegan2('stylegan3t-cond16', 16, 3, 3, 6, cfg='t')
