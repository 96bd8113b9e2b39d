#!/usr/bin/env python
"""Call each module's main public API as a user's script does: outside the notebooks, on whatever gencourse is installed.

    python tools/check_library.py

The notebooks define and test every function in one kernel, where a name that only a test cell imports
still resolves; a user's `import gencourse.elbo` has only what the exported cells import. This script
imports each module afresh and calls its main entry points on small synthetic data (no MNIST, no network),
checking a property of each result. The CLI notebook runs it on the built wheel in a fresh virtual environment.
Prints one line per module and `N passed, N failed`.
"""
import math, sys, tempfile, traceback
from pathlib import Path
import torch
from gencourse.data import rng

def _images(n=8, seed=0):
    return torch.rand(n, 1, 28, 28, generator=torch.Generator().manual_seed(seed))

def check_data():
    from gencourse.data import ring_of_gaussians, grid_of_gaussians, data_root
    ring = ring_of_gaussians()
    pts = ring.sample(1000, generator=rng(0))
    assert torch.cdist(pts, ring.centers).min(1).values.max() < 0.1
    assert ring.log_prob(pts).mean() > ring.log_prob(pts + 0.5).mean()
    assert grid_of_gaussians().n_modes == 25 and isinstance(data_root(), Path)

def check_viz():
    import matplotlib; matplotlib.use('agg')
    from gencourse.viz import image_grid, scrubber, in_live_kernel
    assert image_grid(_images(4), nrow=2).shape == (59, 59) and not in_live_kernel()
    page = scrubber([1, 2], lambda v, fig: fig.add_subplot().plot([0, v]))._repr_mimebundle_()['text/html']
    assert page.count('data:image/png;base64') == 2 and 'http' not in page

def check_train():
    from gencourse.train import fit, batches
    from gencourse.ae import LinearAutoencoder, reconstruction_loss
    from gencourse.checkpoint import save_checkpoint, load_checkpoint
    from gencourse.metrics import psnr
    torch.manual_seed(0)
    x = _images(256)
    m = LinearAutoencoder(k=4)
    h = fit(m, reconstruction_loss, batches(x, bs=32), 3, lr=1e-2, progress=False, device='cpu')
    assert h['train_loss'][-1] < h['train_loss'][0]
    with tempfile.TemporaryDirectory() as d:
        m2 = load_checkpoint(save_checkpoint(m, Path(d)/'m.pt', recipe='pca'))
    assert torch.allclose(m2(x[:4]), m(x[:4])) and abs(psnr(torch.full((1, 1, 2, 2), 0.1), torch.zeros(1, 1, 2, 2)) - 20) < 1e-4

def check_density():
    from gencourse.density import GaussianMixture
    from gencourse.sequences import CharNGram
    from gencourse.metrics import auroc
    g = torch.Generator().manual_seed(0)
    x = torch.cat([torch.randn(300, 2, generator=g) - 4, torch.randn(300, 2, generator=g) + 4])
    gm = GaussianMixture(2, dim=2)
    gm.fit(x, seed=0)
    assert gm.log_prob(x).mean() > gm.log_prob(torch.zeros(1, 2)).item() + 3
    assert gm.sample(100, generator=rng(1)).shape == (100, 2)
    assert auroc(torch.tensor([0.1, 0.2, 0.8, 0.9]), torch.tensor([0, 0, 1, 1]).bool()) == 1.0
    lm = CharNGram(n=3).fit('the cat sat on the mat. the cat sat on the hat. ' * 20)
    assert lm is not None

def check_ae_dae():
    from gencourse.ae import MLPAutoencoder, ConvAutoencoder, reconstruction_error
    from gencourse.dae import gaussian_noise, gaussian_blur, DenoisingAutoencoder
    x = _images()
    for m in (MLPAutoencoder(8), ConvAutoencoder(8), DenoisingAutoencoder(8)): assert m(x).shape == x.shape
    assert 0 < reconstruction_error(MLPAutoencoder(8), x) < 1
    noisy = gaussian_noise(0.5, clip=False)(x, torch.Generator().manual_seed(0))
    assert abs((noisy - x).std().item() - 0.5) < 0.02 and torch.allclose(gaussian_blur(x, 0), x)

def check_elbo():
    from gencourse.elbo import LinearGaussian, log_marginal_estimate, gaussian_kl, fit_ppca
    g = torch.Generator().manual_seed(0)
    x = (torch.randn(200, 2, generator=g) @ torch.randn(2, 6, generator=g) + 0.1*torch.randn(200, 6, generator=g)).double()
    model = fit_ppca(x, 2)
    assert isinstance(model, LinearGaussian)
    exact = model.log_marginal(x[:5])
    est = log_marginal_estimate(model, x[:5], 20000, generator=torch.Generator().manual_seed(1))
    assert torch.allclose(exact, est, atol=0.5), (exact, est)
    assert torch.allclose(gaussian_kl(torch.zeros(3, 4), torch.zeros(3, 4)), torch.zeros(3))

def check_vae():
    from gencourse.vae import VAE, elbo_terms, iw_log_likelihood
    vae = VAE(z_dim=4, hidden=32)
    x = (_images() > 0.5).float()
    rec, kl = elbo_terms(vae, x, torch.Generator().manual_seed(0))
    elbo = rec - kl
    iw = iw_log_likelihood(vae, x, k=50)
    assert torch.isfinite(elbo).all() and (iw >= elbo - 5).all()
    s = vae.sample(5, generator=rng(0))
    assert s.shape == (5, 1, 28, 28) and 0 <= s.min() and s.max() <= 1

def check_gans():
    from gencourse.metrics import MNISTClassifier, predict, frechet_distance, gaussian_stats, mnist_scorer, mode_metrics
    from gencourse.gan import GANModel, js_divergence
    from gencourse.cgan import CGANModel
    from gencourse.data import ring_of_gaussians
    assert predict(MNISTClassifier(), _images()).shape == (8,)
    scorer = mnist_scorer()  # shipped inside the package: no data needed
    assert scorer.test_accuracy > 0.97 and scorer.frechet(_images(64)) > 100
    gan = GANModel()
    s = gan.sample(6, generator=rng(0))
    assert s.shape == (6, 1, 28, 28) and torch.equal(s, gan.sample(6, generator=rng(0))) and not torch.equal(s, gan.sample(6, generator=rng(1)))
    c = CGANModel().sample(10, label=3, generator=rng(0))
    assert c.shape == (10, 1, 28, 28)
    f = torch.randn(500, 8, generator=torch.Generator().manual_seed(0))
    assert frechet_distance(*gaussian_stats(f), *gaussian_stats(f)) < 1e-6 < frechet_distance(*gaussian_stats(f), *gaussian_stats(f + 1))
    assert abs(js_divergence([.5, .5, 0, 0], [0, 0, .3, .7]) - math.log(2)) < 1e-6
    ring = ring_of_gaussians()
    assert mode_metrics(ring.sample(2500, generator=rng(0)), ring)['modes'] == 8
    assert mode_metrics(ring.centers[:2].repeat(1250, 1), ring)['modes'] == 2

def check_sampling():
    "Every generative model draws with `sample(n, *, label=None, generator=None)`; only conditional ones take a label."
    import inspect
    from gencourse.data import ring_of_gaussians
    from gencourse.density import GaussianMixture, ClassConditionalGMM
    from gencourse.ae import LinearAutoencoder
    from gencourse.ae import ConvAutoencoder
    from gencourse.elbo import LinearGaussian
    from gencourse.vae import VAE
    from gencourse.gan import GANModel
    from gencourse.cgan import CGANModel
    from gencourse.modes import ToyGenerator
    x = _images(64)
    gmm = ClassConditionalGMM(n_classes=2, n_components=1, dims=3, n_in=784)
    gmm.fit(x, torch.arange(64) % 2, iters=3, seed=0)
    unconditional = [ring_of_gaussians(), GaussianMixture(2, dim=2), LinearAutoencoder(4).fit_codes(x), ConvAutoencoder(4).fit_codes(x),
                     LinearGaussian(torch.randn(784, 3, dtype=torch.float64), torch.zeros(784, dtype=torch.float64), 0.1),
                     VAE(z_dim=3), GANModel(), ToyGenerator()]
    for m in unconditional + [gmm, CGANModel()]:
        params = inspect.signature(m.sample).parameters
        assert list(params)[:1] == ['n'] and all(params[k].kind == inspect.Parameter.KEYWORD_ONLY for k in ('label', 'generator')), type(m)
        a, b = m.sample(3, generator=rng(5)), m.sample(3, generator=rng(5))
        assert len(a) == 3 and torch.equal(a, b), type(m)
    for m in unconditional:
        try: m.sample(2, label=1)
        except ValueError as e: assert 'unconditional' in str(e), e
        else: raise AssertionError(f"{type(m).__name__}.sample accepted a label")
    for m in (gmm, CGANModel()): assert m.sample(2, label=1, generator=rng(0)).shape == (2, 1, 28, 28)
    try: ConvAutoencoder(4).sample(2)
    except RuntimeError as e: assert 'fit_codes' in str(e), e
    else: raise AssertionError("an autoencoder sampled codes it never fitted")

def check_cli():
    from gencourse.cli import build_parser, recipes
    assert {'pca', 'gmm', 'ae', 'dae', 'vae', 'gan', 'cgan', 'scgan', 'ring', 'grid'} <= set(recipes())
    assert build_parser().parse_args(['info']).command == 'info'

CHECKS = [check_data, check_viz, check_train, check_density, check_ae_dae, check_elbo, check_vae, check_gans, check_sampling, check_cli]

def main():
    torch.set_num_threads(1)
    failed = 0
    for check in CHECKS:
        try: check(); print(f"ok   {check.__name__}")
        except Exception:
            failed += 1; print(f"FAIL {check.__name__}\n{traceback.format_exc()}")
    print(f"{len(CHECKS)-failed} passed, {failed} failed")
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
