"""The PyTorch peer of `ace pretrain`'s training step, for BENCHMARKS.md: the same networks at the same
widths (the default TrainConfig: VGG-19 to relu3_1 frozen, content width 128, 4+4 residual blocks, style
code 8, MLP 256, a 3-scale spectral-norm PatchGAN of width 64), the same objective (AIA decode, re-encoded
shifted window, symmetrised dense SimSiam, content/style consistency, reconstruction, LSGAN) and the
same two Adam updates, on a 128x128 batch of 8.

It exists to time a step, not to train: weights are random (the frozen VGG's values do not change its
cost) and the batch is random pixels (our timing reads decoded photos from its loader threads, which run
beside the step). Prints one JSON line: the median seconds per step and images/s.

    python3 scripts/bench/torch/train_step.py --threads 2 --steps 5
"""

import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

VGG_TO_RELU3_1 = [(3, 64), (64, 64), "pool", (64, 128), (128, 128), "pool", (128, 256)]


def reflect_conv(cin, cout, k):
    return nn.Sequential(nn.ReflectionPad2d(k // 2), nn.Conv2d(cin, cout, k))


class Vgg(nn.Module):
    def __init__(self):
        super().__init__()
        layers = []
        for item in VGG_TO_RELU3_1:
            if item == "pool":
                layers.append(nn.MaxPool2d(2))
            else:
                layers += [nn.Conv2d(item[0], item[1], 3, padding=1), nn.ReLU()]
        self.body = nn.Sequential(*layers)
        for p in self.parameters():
            p.requires_grad_(False)

    def forward(self, rgb):
        return self.body(rgb * 127.5 + 127.5)


class BnRes(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(reflect_conv(c, c, 3), nn.BatchNorm2d(c), nn.ReLU(), reflect_conv(c, c, 3), nn.BatchNorm2d(c))

    def forward(self, x):
        return x + self.body(x)


def adain(x, scale, shift):
    mean = x.mean((2, 3), keepdim=True)
    var = x.var((2, 3), unbiased=False, keepdim=True)
    return scale[:, :, None, None] * (x - mean) / torch.sqrt(var + 1e-5) + shift[:, :, None, None]


def layer_norm(x, gamma, beta):
    n = x.shape[0]
    flat = x.reshape(n, -1)
    mean = flat.mean(1).view(n, 1, 1, 1)
    std = flat.std(1).view(n, 1, 1, 1)
    return (x - mean) / (std + 1e-5) * gamma[None, :, None, None] + beta[None, :, None, None]


class Decoder(nn.Module):
    def __init__(self, c, blocks, ups):
        super().__init__()
        self.c, self.nblocks = c, blocks
        self.g0, self.b0 = nn.Parameter(torch.rand(c)), nn.Parameter(torch.zeros(c))
        self.res = nn.ModuleList([nn.ModuleList([reflect_conv(c, c, 3), reflect_conv(c, c, 3)]) for _ in range(blocks)])
        self.ups = nn.ModuleList([reflect_conv(c >> i, c >> (i + 1), 5) for i in range(ups)])
        self.up_norm = nn.ParameterList([nn.Parameter(torch.rand(c >> (i + 1))) for i in range(ups)])
        self.up_beta = nn.ParameterList([nn.Parameter(torch.zeros(c >> (i + 1))) for i in range(ups)])
        self.to_rgb = reflect_conv(c >> ups, 3, 7)

    def forward(self, x, params):
        c = self.c
        x = layer_norm(x, self.g0, self.b0)
        for i, (conv1, conv2) in enumerate(self.res):
            p = params[:, i * 4 * c:(i + 1) * 4 * c]
            y = F.relu(adain(conv1(x), 1 + p[:, c:2 * c], p[:, :c]))
            x = x + adain(conv2(y), 1 + p[:, 3 * c:], p[:, 2 * c:3 * c])
        for conv, g, b in zip(self.ups, self.up_norm, self.up_beta):
            x = F.relu(layer_norm(conv(F.interpolate(x, scale_factor=2, mode="nearest")), g, b))
        return torch.tanh(self.to_rgb(x))


class Ace(nn.Module):
    def __init__(self, c=128, style=8, hidden=256, blocks=4):
        super().__init__()
        self.vgg = Vgg()
        self.reduce = nn.Conv2d(256, c, 1)
        self.input_norm = nn.BatchNorm2d(c)
        self.content = nn.Sequential(*[BnRes(c) for _ in range(blocks)])
        self.predictor = nn.Sequential(nn.Conv2d(c, c // 2, 1), nn.BatchNorm2d(c // 2), nn.ReLU(), nn.Conv2d(c // 2, c, 1))
        self.style_project, self.style_norm = nn.Conv2d(256, style, 1), nn.BatchNorm1d(style)
        self.domain = nn.Parameter(torch.zeros(style))
        self.mlp = nn.Sequential(nn.Linear(style, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, blocks * 4 * c))
        self.decoder = Decoder(c, blocks, 2)

    def content_code(self, features):
        return self.content(self.input_norm(self.reduce(features)))

    def style_code(self, features):
        pooled = features.mean((2, 3), keepdim=True)
        return self.style_norm(self.style_project(pooled).flatten(1)) + self.domain

    def decode(self, decoder_input, style):
        return self.decoder(decoder_input, self.mlp(style))


class PatchD(nn.Module):
    def __init__(self, width, layers):
        super().__init__()
        convs, c = [], 3
        for i in range(layers):
            convs += [nn.utils.spectral_norm(nn.Conv2d(c, width << i, 4, 2, 1)), nn.LeakyReLU(0.2)]
            c = width << i
        self.body = nn.Sequential(*convs, nn.utils.spectral_norm(nn.Conv2d(c, 1, 1)))

    def forward(self, x):
        return self.body(x)


class MultiScaleD(nn.Module):
    def __init__(self, scales=3, width=64, layers=4):
        super().__init__()
        self.scales = nn.ModuleList([PatchD(width, layers) for _ in range(scales)])

    def forward(self, x):
        outs = []
        for i, d in enumerate(self.scales):
            outs.append(d(x))
            if i + 1 < len(self.scales):
                x = F.avg_pool2d(x, 3, 2, 1, count_include_pad=False)
        return outs


def neg_cos(p, z):
    return -F.cosine_similarity(p, z.detach(), dim=1, eps=1e-6).mean()


def generator_losses(model, d, x, shift=3):
    n, size = x.shape[0], x.shape[2]
    features = model.vgg(x)
    content = model.content_code(features)
    predicted = model.predictor(content)
    decoder_input = predicted.detach()
    theta = torch.randn(n, model.mlp[-1].out_features) * 0.5
    augmented = model.decoder(decoder_input, theta)
    h = content.shape[2]
    cell = size // h
    oy, ox = torch.randint(0, shift + 1, (2,)).tolist()
    win = h - shift
    view = augmented[:, :, oy * cell:(oy + win) * cell, ox * cell:(ox + win) * cell]
    view_features = model.vgg(view)
    shared = content[:, :, oy:oy + win, ox:ox + win]
    shared_p = predicted[:, :, oy:oy + win, ox:ox + win]
    content_loss = (model.content_code(view_features) - shared.detach()).abs().mean()
    view_sg = model.content_code(view_features.detach())
    contrastive = 0.5 * (neg_cos(shared_p, view_sg) + neg_cos(model.predictor(view_sg), shared))
    sampled = model.domain[None] + torch.randn(n, model.domain.shape[0])
    random_style = model.decode(decoder_input, sampled)
    style_loss = (model.style_code(model.vgg(random_style)) - sampled.detach()).abs().mean()
    reconstructed = model.decode(decoder_input, model.style_code(features))
    reconstruction = (reconstructed - x).abs().mean()
    fakes = torch.cat([random_style, reconstructed])
    gan = sum(((o - 1) ** 2).mean() for o in d(fakes))
    return contrastive + content_loss + style_loss + reconstruction + gan, fakes.detach()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model, d = Ace(), MultiScaleD()
    opt_g = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-4, betas=(0.5, 0.999), weight_decay=1e-4)
    opt_d = torch.optim.Adam(d.parameters(), lr=4e-4, betas=(0.5, 0.999), weight_decay=1e-4)
    times = []
    for step in range(args.steps + 1):  # the first step warms up (allocator, kernels) and is not timed
        x = torch.rand(args.batch, 3, args.size, args.size) * 2 - 1
        start = time.perf_counter()
        loss, fakes = generator_losses(model, d, x)
        opt_g.zero_grad()
        loss.backward()
        opt_g.step()
        d_loss = 0.5 * sum(((r - 1) ** 2).mean() + (f ** 2).mean() for r, f in zip(d(x), d(fakes)))
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        if step > 0:
            times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(json.dumps({"torch": torch.__version__, "threads": args.threads, "steps": args.steps,
                      "seconds_per_step": round(median, 3), "images_per_s": round(args.batch / median, 3)}))


if __name__ == "__main__":
    main()
