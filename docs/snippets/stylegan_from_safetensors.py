"""Load a gen4j StyleGAN2 or StyleGAN3 export into NVIDIA's official Generator and render latents with it.

    gen4j export --run RUN --out G.safetensors
    PYTHONPATH=/path/to/stylegan2-ada-pytorch python3 stylegan_from_safetensors.py G.safetensors Z.npy OUT.npy [C.npy]
    (for a StyleGAN3 export, PYTHONPATH=/path/to/stylegan3)

Z.npy: float32 [N, z_dim]; OUT.npy: the official Generator's images, float32 [N, C, R, R] on [-1, 1]
(noise mode const, no truncation), to compare with `gen4j sample --run RUN --latents Z.npy --npy`.
C.npy: int64 [N] class indices, for a class-conditional export (`c_dim > 0`; then also give
`--labels C.npy` to `gen4j sample`).
The safetensors file is read with the standard library and numpy; the `safetensors` package's
`safetensors.torch.load_file` gives the same tensors where it is installed.
"""
import json
import struct
import sys

import numpy as np
import torch


def read_safetensors(path):
    with open(path, 'rb') as f:
        size = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    meta = header.pop('__metadata__', {})
    tensors = {}
    for name, entry in header.items():
        assert entry['dtype'] == 'F32', (name, entry['dtype'])
        begin, end = entry['data_offsets']
        tensors[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype='<f4').copy()).reshape(entry['shape'])
    return tensors, meta


def official_generator_class(meta):
    if meta['format'].startswith('stylegan3'):
        from training.networks_stylegan3 import Generator
        return Generator
    try:
        from training.networks import Generator  # stylegan2-ada-pytorch
    except ImportError:
        from training.networks_stylegan2 import Generator  # the same network in NVlabs/stylegan3
    return Generator


tensors, meta = read_safetensors(sys.argv[1])
G = official_generator_class(meta)(**json.loads(meta['init_kwargs'])).eval().requires_grad_(False)
state = G.state_dict()  # keeps the resampling filters (and StyleGAN3's user transform) the class builds itself
unknown = set(tensors) - set(state)
assert not unknown, unknown
state.update(tensors)
G.load_state_dict(state)
z = torch.from_numpy(np.load(sys.argv[2]))
c = None
if G.c_dim > 0:
    assert len(sys.argv) > 4, 'a class-conditional generator: give C.npy, the int64 class of each latent'
    c = torch.nn.functional.one_hot(torch.from_numpy(np.load(sys.argv[4])), G.c_dim).float()
with torch.no_grad():
    images = G(z, c, noise_mode='const')
np.save(sys.argv[3], images.numpy())
print('rendered', tuple(images.shape), 'with the official Generator')
