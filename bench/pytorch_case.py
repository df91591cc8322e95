# The PyTorch side of `npm run bench`: one benchmark case, timed the way bench/suite.ts times rnnkit's, printed as
# one line `@@{json}`. Run by the suite with Debian's python3-torch (OpenBLAS) when it is installed; never by tests.
#   python3 bench/pytorch_case.py '<case name>' <threads> <reps>
# Cases (the same data, shapes and batch sizes as the suite; the models have the same sizes as rnnkit's):
#   "<Kind>(128) epoch|predict"  Kind = LSTM, GRU (torch.nn.GRU = Keras resetAfter: true), SimpleRNN (nn.RNN, tanh)
#                                + Dense(1) on the last output; 2,048 × 50 × 8, batch 64, MSE
#   "char LSTM(256) epoch"       Embedding(64, 64) → LSTM(256, all steps) → Dense(64); 512 sequences × 40 ids,
#                                batch 64, sparse categorical cross-entropy
#   "LSTM(256) step"             ms per step of one sequence through LSTM(256) + Dense(64) with carried state
# Optimizer: Keras's Adam formula written out (lr 0.001, β 0.9/0.999, ε 1e-7 added to √v̂ after the bias
# correction is folded into the step size), not torch.optim.Adam, whose ε sits elsewhere; the cost is the same.
import json
import math
import sys
import time

import torch

N, T, F = 2048, 50, 8


class Head(torch.nn.Module):
    def __init__(self, kind, units, features):
        super().__init__()
        cls = {'LSTM': torch.nn.LSTM, 'GRU': torch.nn.GRU, 'SimpleRNN': torch.nn.RNN}[kind]
        self.rnn = cls(features, units, batch_first=True)
        self.dense = torch.nn.Linear(units, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.dense(out[:, -1, :])


class CharModel(torch.nn.Module):
    def __init__(self, vocab=64, dim=64, units=256):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, dim)
        self.rnn = torch.nn.LSTM(dim, units, batch_first=True)
        self.dense = torch.nn.Linear(units, vocab)

    def forward(self, ids, state=None):
        out, state = self.rnn(self.embed(ids), state)
        return self.dense(out), state


class KerasAdam:
    """Keras 3 Adam: m, v moments; step size lr·√(1−β2^t)/(1−β1^t); p −= step·m/(√v + ε)."""

    def __init__(self, params, lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
        self.params = [p for p in params if p.requires_grad]
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.lr, self.b1, self.b2, self.eps, self.t = lr, b1, b2, eps, 0

    @torch.no_grad()
    def step(self):
        self.t += 1
        step = self.lr * math.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t)
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad
            m.mul_(self.b1).add_(g, alpha=1 - self.b1)
            v.mul_(self.b2).addcmul_(g, g, value=1 - self.b2)
            p.addcdiv_(m, v.sqrt().add_(self.eps), value=-step)


def timed(reps, run):
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        run()
        out.append(time.perf_counter() - t0)
    return out


def epoch(model, x, y, loss_fn, batch):
    opt = KerasAdam(model.parameters())
    perm = torch.randperm(x.shape[0])

    def run():
        for i in range(0, x.shape[0], batch):
            idx = perm[i:i + batch]
            for p in opt.params:
                p.grad = None
            out = model(x[idx])
            out = out[0] if isinstance(out, tuple) else out
            loss = loss_fn(out, y[idx])
            loss.backward()
            opt.step()
    return run


def main():
    name, threads, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    if name == 'char LSTM(256) epoch':
        model = CharModel()
        ids = torch.randint(0, 64, (512, 41))
        x, y = ids[:, :-1].contiguous(), ids[:, 1:].contiguous()
        ce = torch.nn.CrossEntropyLoss()
        seconds = timed(reps, epoch(model, x, y, lambda out, tgt: ce(out.reshape(-1, 64), tgt.reshape(-1)), 64))
    elif name == 'LSTM(256) step':
        model = CharModel()
        steps = 200

        @torch.no_grad()
        def run():
            state, token = None, torch.zeros((1, 1), dtype=torch.long)
            for _ in range(steps):
                logits, state = model(token, state)
                token = logits[:, -1].argmax(-1, keepdim=True)
        seconds = [s / steps * 1000 for s in timed(reps, run)]  # ms per step
    else:
        kind_units, op = name.split(' ')
        kind = kind_units.replace('(128)', '')
        i = torch.arange(N * T * F, dtype=torch.float32)
        x = (torch.sin(i * 0.37) * 0.9).reshape(N, T, F)
        y = torch.cos(torch.arange(N, dtype=torch.float32) * 0.11).reshape(N, 1)
        model = Head(kind, 128, F)
        if op == 'epoch':
            seconds = timed(reps, epoch(model, x, y, torch.nn.functional.mse_loss, 64))
        else:
            @torch.no_grad()
            def run():
                for b in range(0, N, 64):
                    model(x[b:b + 64])
            seconds = timed(reps, run)
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print('@@' + json.dumps({'name': name, 'seconds': seconds, 'maxRssMiB': rss}))


if __name__ == '__main__':
    main()
