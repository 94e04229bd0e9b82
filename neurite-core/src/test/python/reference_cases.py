#!/usr/bin/python3
"""Writes the PyTorch reference cases that ReferenceCasesTest reproduces.

Each case is one small network computed by PyTorch in float64: its output, its loss, the
gradient of the loss with respect to every parameter and to the input, and, where the case
names an optimizer, the loss before each of a few full-batch steps and the parameters after
them. The Java tests read the JSON files this script writes and must reproduce all of it.

Run it from the repository root with Debian's torch (system python, not a pyenv one):

    apt-get install -y python3-torch      # torch 1.13, numpy
    /usr/bin/python3 neurite-core/src/test/python/reference_cases.py

It writes neurite-core/src/test/resources/dev/neurite/reference/<name>.json (``--out DIR``
writes elsewhere, ``--only NAME...`` writes just those cases) in a few seconds. ``--check``
writes nothing and exits 1 unless the folder holds what the cases compute (for CI). Every case
draws its numbers from its own generator, seeded from its name, so adding a case leaves the
other files unchanged; running it twice writes the same bytes.

Format of one case (docs/reference-cases.md says it in full):

    name                  the case's name, and its file name
    layers                [{"type": "dense", "in": 3, "out": 5, "activation": "tanh"}, ...]:
                          activation(x · W + b), W stored [in][out] (PyTorch's weight transposed)
    loss                  mse | mae | huber | bce | bce_with_logits | softmax_cross_entropy
    params                {"0.weight": [[...]], "0.bias": [...], "1.weight": ...}, layer k -> "k.*"
    input, target         batch × in; batch × out values, or batch class indices
    expected              output, loss, grads (the keys of params), input_grad
    optimizer, steps      optional: {"type": "adam", "lr": ..., ...} and a number of full-batch steps
    expected_after_steps  losses (the loss before each step) and params after the last step

Tolerance in the Java test (float32 against these float64 values): |a − r| ≤ 1e-4 + 1e-3·|r|,
and 1e-4 + 2e-3·|r| for the losses and parameters that follow optimizer steps.

To add a case, write one function decorated with ``@case`` that returns a ``Case`` (see the
examples at the end of the file). A new activation, loss, optimizer or layer type needs one
entry in ACTIVATIONS, LOSSES, OPTIMIZERS or LAYERS, with the same name the Java side uses.
"""

import argparse
import json
import math
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "resources" / "dev" / "neurite" / "reference"

# ---------------------------------------------------------------------------------------------
# What the cases are built from. Names are the ones the JSON files and the Java side use.
# ---------------------------------------------------------------------------------------------

ACTIVATIONS = {
    "identity": lambda x: x,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky_relu": lambda x: F.leaky_relu(x, 0.01),
    "elu": lambda x: F.elu(x, 1.0),
    "gelu": lambda x: F.gelu(x),  # the exact erf form (approximate="none")
    "silu": F.silu,
    "softplus": F.softplus,
    "softmax": lambda x: F.softmax(x, dim=1),  # over each row
}

# loss(output, target, case) -> scalar; every loss averages over the batch the way PyTorch
# does by default (mean over every element for the element-wise ones).
LOSSES = {
    "mse": lambda out, t, c: F.mse_loss(out, t),
    "mae": lambda out, t, c: F.l1_loss(out, t),
    "huber": lambda out, t, c: F.huber_loss(out, t, delta=1.0),
    "bce": lambda out, t, c: F.binary_cross_entropy(out, t),
    "bce_with_logits": lambda out, t, c: F.binary_cross_entropy_with_logits(out, t),
    "softmax_cross_entropy": lambda out, t, c: F.cross_entropy(out, t),
}

# Weighted losses: a case whose extra fields hold "sample_weights" (one per row) or, for
# softmax_cross_entropy, "class_weights" (one per class) is computed by these instead of LOSSES.
# Neurite's weighted loss is (1/N) Σ w_r ℓ over the same N as unweighted, which is PyTorch's
# `weight=` argument for the binary cross-entropies, (loss(reduction="none") * w).mean() for the
# others, and CrossEntropyLoss(weight=c, reduction="sum") / rows for class weights (PyTorch's
# default reduction divides by Σ w instead).
def _rows(w, like):
    return w.view(-1, *([1] * (like.dim() - 1)))


WEIGHTED_LOSSES = {
    "mse": lambda out, t, w: (F.mse_loss(out, t, reduction="none") * _rows(w, out)).mean(),
    "mae": lambda out, t, w: (F.l1_loss(out, t, reduction="none") * _rows(w, out)).mean(),
    "huber": lambda out, t, w: (F.huber_loss(out, t, delta=1.0, reduction="none") * _rows(w, out)).mean(),
    "bce": lambda out, t, w: F.binary_cross_entropy(out, t, weight=_rows(w, out)),
    "bce_with_logits": lambda out, t, w: F.binary_cross_entropy_with_logits(out, t, weight=_rows(w, out)),
    "softmax_cross_entropy": lambda out, t, w: (F.cross_entropy(out, t, reduction="none") * w).mean(),
}


def smoothed_loss(spec, out, target):
    """A case with "label_smoothing" ε: softmax cross-entropy is PyTorch's own
    CrossEntropyLoss(weight=class_weights, label_smoothing=ε, reduction="none"), times the
    sample weights, summed / rows (so the smoothing term weighs each class by its own weight, as
    torch 1.13 does); bce_with_logits has no such option in PyTorch, so its targets are smoothed
    by hand, t(1 − ε) + ε/2, the common convention."""
    eps = spec.extra["label_smoothing"]
    rows = torch.tensor(spec.extra["sample_weights"]) if "sample_weights" in spec.extra else None
    if spec.loss == "softmax_cross_entropy":
        cw = torch.tensor(spec.extra["class_weights"]) if "class_weights" in spec.extra else None
        per_row = F.cross_entropy(out, target, weight=cw, label_smoothing=eps, reduction="none")
        return (per_row if rows is None else per_row * rows).sum() / out.shape[0]
    assert spec.loss == "bce_with_logits" and "class_weights" not in spec.extra
    return F.binary_cross_entropy_with_logits(out, target * (1 - eps) + eps / 2,
                                              weight=None if rows is None else _rows(rows, out))


def loss_of(spec, out, target):
    """The case's loss: LOSSES, or the weighted form when the case carries weights."""
    if "label_smoothing" in spec.extra:
        return smoothed_loss(spec, out, target)
    if "sample_weights" in spec.extra:
        return WEIGHTED_LOSSES[spec.loss](out, target, torch.tensor(spec.extra["sample_weights"]))
    if "class_weights" in spec.extra:
        assert spec.loss == "softmax_cross_entropy"
        return F.cross_entropy(out, target, weight=torch.tensor(spec.extra["class_weights"]), reduction="sum") / out.shape[0]
    return LOSSES[spec.loss](out, target, spec)


# How a case draws its targets for a loss: regression values, 0/1 labels or class indices.
TARGET_KINDS = {
    "mse": "values", "mae": "values", "huber": "values",
    "bce": "labels", "bce_with_logits": "labels",
    "softmax_cross_entropy": "classes",
}

# optimizer(params, spec) -> torch.optim.Optimizer, spec being the case's "optimizer" object.
# "weight_decay" is optional (0 when absent): L2 added to the gradient, decoupled for adamw.
def _wd(o):
    return o.get("weight_decay", 0.0)


OPTIMIZERS = {
    "sgd": lambda p, o: torch.optim.SGD(p, lr=o["lr"], weight_decay=_wd(o)),
    "momentum": lambda p, o: torch.optim.SGD(p, lr=o["lr"], momentum=o["momentum"], weight_decay=_wd(o)),
    "nesterov": lambda p, o: torch.optim.SGD(p, lr=o["lr"], momentum=o["momentum"], nesterov=True,
                                             weight_decay=_wd(o)),
    "adam": lambda p, o: torch.optim.Adam(p, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
                                          weight_decay=_wd(o)),
    "adamw": lambda p, o: torch.optim.AdamW(p, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
                                            weight_decay=o["weight_decay"]),
    "rmsprop": lambda p, o: torch.optim.RMSprop(p, lr=o["lr"], alpha=o["rho"], eps=o["eps"], weight_decay=_wd(o)),
    "adagrad": lambda p, o: torch.optim.Adagrad(p, lr=o["lr"], eps=o["eps"], weight_decay=_wd(o)),
}

# Hyper-parameters written into a case when it names an optimizer by name alone.
OPTIMIZER_DEFAULTS = {
    "sgd": {"type": "sgd", "lr": 0.1},
    "momentum": {"type": "momentum", "lr": 0.05, "momentum": 0.9},
    "nesterov": {"type": "nesterov", "lr": 0.05, "momentum": 0.9},
    "adam": {"type": "adam", "lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    "adamw": {"type": "adamw", "lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1},
    "rmsprop": {"type": "rmsprop", "lr": 0.01, "rho": 0.99, "eps": 1e-8},
    "adagrad": {"type": "adagrad", "lr": 0.1, "eps": 1e-10},
}


class Dense(torch.nn.Module):
    """activation(x · W + b) with W stored [in][out] in the JSON (PyTorch keeps [out][in])."""

    def __init__(self, spec, gen):
        super().__init__()
        n_in, n_out = spec["in"], spec["out"]
        self.activation = ACTIVATIONS[spec["activation"]]
        # Drawn explicitly rather than by nn.Linear's initializer, which may change between versions.
        self.weight = torch.nn.Parameter(torch.randn(n_out, n_in, generator=gen) / math.sqrt(n_in))
        self.bias = torch.nn.Parameter(0.1 * torch.randn(n_out, generator=gen))

    def forward(self, x):
        return self.activation(x @ self.weight.T + self.bias)

    @staticmethod
    def to_json(param_name, tensor):
        return tensor.T.tolist() if param_name == "weight" else tensor.tolist()


class Embedding(torch.nn.Module):
    """nn.Embedding of input column `column` (category indices), the other columns passed through:
    [x[:, :c], E[x[:, c]], x[:, c+1:]]; the table E is stored [vocabulary][dimension], as PyTorch's."""

    def __init__(self, spec, gen):
        super().__init__()
        self.column, self.vocabulary = spec["column"], spec["vocabulary"]
        self.weight = torch.nn.Parameter(torch.randn(spec["vocabulary"], spec["dimension"], generator=gen))

    def prepare_input(self, x, gen):
        """Puts category indices (each drawn, so some repeat) in the embedded column of a drawn batch."""
        x = x.clone()
        x[:, self.column] = torch.randint(0, self.vocabulary, (x.shape[0],), generator=gen).double()
        return x

    def forward(self, x):
        c = self.column
        # round() has no gradient: the index column's input gradient is 0, as in Neurite
        return torch.cat([x[:, :c], torch.nn.functional.embedding(x[:, c].round().long(), self.weight), x[:, c + 1:]], dim=1)

    @staticmethod
    def to_json(param_name, tensor):
        return tensor.tolist()


class PeriodicEmbedding(torch.nn.Module):
    """Periodic ("PLR") embeddings of the input columns `columns` (Gorishniy et al. 2022, as
    rtdl_num_embeddings.PeriodicEmbeddings): column j becomes ReLU([cos(2π c_j x_j), sin(2π c_j x_j)] · W_j + b_j),
    the embedded columns first, then the other columns in order. Written independently of the Java side:
    `lite` shares one W, b (the package's lite=True). JSON: frequencies [n][k], weight [n·2k][d] (W_j's rows,
    the cosines' first; [2k][d] lite), bias [n][d] ([d] lite)."""

    def __init__(self, spec, gen):
        super().__init__()
        self.columns = spec["columns"]
        n, k, d = len(self.columns), spec["frequencies"], spec["dimension"]
        self.rest = [c for c in range(spec["in"]) if c not in self.columns]
        self.lite = spec["lite"]
        groups = 1 if self.lite else n
        # larger than rtdl's initial σ so that the periodic functions bend over a drawn batch
        self.frequencies = torch.nn.Parameter(spec["sigma"] * torch.randn(n, k, generator=gen))
        self.weight = torch.nn.Parameter(torch.randn(groups, 2 * k, d, generator=gen) / math.sqrt(2 * k))
        self.bias = torch.nn.Parameter(0.1 * torch.randn(groups, d, generator=gen))

    def forward(self, x):
        a = 2 * math.pi * self.frequencies * x[:, self.columns, None]          # [batch, n, k]
        v = torch.cat([torch.cos(a), torch.sin(a)], dim=-1)                    # [batch, n, 2k]
        if self.lite:
            e = v @ self.weight[0] + self.bias[0]                              # [batch, n, d]
        else:
            e = torch.einsum("bni,nid->bnd", v, self.weight) + self.bias       # W_j for column j
        return torch.cat([F.relu(e).flatten(1), x[:, self.rest]], dim=1)

    @staticmethod
    def to_json(param_name, tensor):
        if param_name == "weight":
            return tensor.reshape(-1, tensor.shape[-1]).tolist()
        if param_name == "bias" and tensor.shape[0] == 1:
            return tensor[0].tolist()
        return tensor.tolist()


# layer type -> module class with __init__(spec, generator), forward, and to_json(name, tensor);
# optionally prepare_input(x, generator) on the first layer, to shape the drawn input
LAYERS = {"dense": Dense, "embedding": Embedding, "periodic_embedding": PeriodicEmbedding}


def dense(n_in, n_out, activation):
    return {"type": "dense", "in": n_in, "out": n_out, "activation": activation}


def embedding(n_in, column, vocabulary, dimension):
    return {"type": "embedding", "in": n_in, "column": column, "vocabulary": vocabulary, "dimension": dimension}


def periodic_embedding(n_in, columns, frequencies, dimension, sigma, lite):
    return {"type": "periodic_embedding", "in": n_in, "columns": columns, "frequencies": frequencies,
            "dimension": dimension, "sigma": sigma, "lite": lite}


# ---------------------------------------------------------------------------------------------
# A case and how it is computed.
# ---------------------------------------------------------------------------------------------

@dataclass
class Case:
    layers: list                 # layer specs as written to the JSON, e.g. dense(3, 5, "tanh")
    loss: str                    # a key of LOSSES
    batch: int = 4
    optimizer: str | dict | None = None   # a key of OPTIMIZER_DEFAULTS, or a full spec
    steps: int = 3
    output_scale: float | None = None     # rescale the last layer so max |output| is this
    extra: dict = field(default_factory=dict)  # more top-level JSON fields, for new kinds


CASES = {}


def case(fn):
    """Registers a case under its function's name, which becomes the file and test name."""
    CASES[fn.__name__] = fn
    return fn


def build(name, spec):
    gen = torch.Generator().manual_seed(zlib.crc32(name.encode()))
    layers = torch.nn.ModuleList(LAYERS[l["type"]](l, gen) for l in spec.layers)
    n_in, n_out = spec.layers[0]["in"], spec.layers[-1]["out"]
    x = torch.randn(spec.batch, n_in, generator=gen)
    if hasattr(layers[0], "prepare_input"):
        x = layers[0].prepare_input(x, gen)
    kind = TARGET_KINDS[spec.loss]
    if kind == "values":
        target = torch.randn(spec.batch, n_out, generator=gen)
    elif kind == "labels":
        target = torch.randint(0, 2, (spec.batch, n_out), generator=gen).double()
    else:
        target = torch.randint(0, n_out, (spec.batch,), generator=gen)
    if spec.output_scale is not None:
        with torch.no_grad():
            largest = run(layers, x).abs().max()
            layers[-1].weight.mul_(spec.output_scale / largest)
            layers[-1].bias.mul_(spec.output_scale / largest)
    return layers, x, target


def run(layers, x):
    for layer in layers:
        x = layer(x)
    return x


def params_json(layers, grads=False):
    out = {}
    for k, layer in enumerate(layers):
        for pname, p in layer.named_parameters():
            out[f"{k}.{pname}"] = layer.to_json(pname, p.grad if grads else p.detach())
    return out


def compute(name, spec):
    layers, x, target = build(name, spec)
    doc = {"name": name, "layers": spec.layers, "loss": spec.loss}
    doc.update(spec.extra)
    doc["params"] = params_json(layers)
    doc["input"] = x.tolist()
    doc["target"] = target.tolist()

    x_var = x.clone().requires_grad_(True)
    output = run(layers, x_var)
    loss = loss_of(spec, output, target)
    loss.backward()
    doc["expected"] = {
        "output": output.detach().tolist(),
        "loss": loss.item(),
        "grads": params_json(layers, grads=True),
        "input_grad": x_var.grad.tolist(),
    }
    check_finite(name, doc["expected"])

    if spec.optimizer is not None:
        opt_spec = spec.optimizer if isinstance(spec.optimizer, dict) else OPTIMIZER_DEFAULTS[spec.optimizer]
        layers, x, target = build(name, spec)  # the same draws: a fresh copy of the start
        optimizer = OPTIMIZERS[opt_spec["type"]](layers.parameters(), opt_spec)
        losses = []
        for _ in range(spec.steps):
            optimizer.zero_grad()
            step_loss = loss_of(spec, run(layers, x), target)
            losses.append(step_loss.item())
            step_loss.backward()
            optimizer.step()
        doc["optimizer"] = opt_spec
        doc["steps"] = spec.steps
        doc["expected_after_steps"] = {"losses": losses, "params": params_json(layers)}
        check_finite(name, doc["expected_after_steps"])
    return doc


def check_finite(name, value):
    if isinstance(value, dict):
        for v in value.values():
            check_finite(name, v)
    elif isinstance(value, list):
        for v in value:
            check_finite(name, v)
    elif not math.isfinite(value):
        raise ValueError(f"{name}: PyTorch computed a non-finite value {value}")


def to_text(doc):
    """One top-level field per line (params and expected: one entry per line), so diffs read."""
    lines = []
    for key, value in doc.items():
        if key in ("params", "expected", "expected_after_steps"):
            inner = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in value.items())
            lines.append(f"  {json.dumps(key)}: {{\n{inner}\n  }}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


# ---------------------------------------------------------------------------------------------
# The cases. One function each; the function's name is the case's name.
# ---------------------------------------------------------------------------------------------

def three_layers(activation, loss, optimizer):
    """3 → 5 → 4 → 2, the activation under test in both hidden layers."""
    last = "sigmoid" if loss == "bce" else "identity"
    return Case([dense(3, 5, activation), dense(5, 4, activation), dense(4, 2, last)], loss,
                batch=4, optimizer=optimizer, steps=3)


# Every activation, each with a loss and an optimizer.
@case
def act_identity_mse(): return three_layers("identity", "mse", "sgd")
@case
def act_sigmoid_mae(): return three_layers("sigmoid", "mae", "momentum")
@case
def act_tanh_huber(): return three_layers("tanh", "huber", "nesterov")
@case
def act_relu_bce(): return three_layers("relu", "bce", "adam")
@case
def act_leaky_relu_bce_with_logits(): return three_layers("leaky_relu", "bce_with_logits", "adamw")
@case
def act_elu_softmax_cross_entropy(): return three_layers("elu", "softmax_cross_entropy", "rmsprop")
@case
def act_gelu_mse(): return three_layers("gelu", "mse", "adagrad")
@case
def act_silu_mae(): return three_layers("silu", "mae", "sgd")
@case
def act_softplus_huber(): return three_layers("softplus", "huber", "momentum")


@case
def act_softmax_mse():
    """A softmax output layer (its row-wise Jacobian) under a loss that is not cross-entropy."""
    return Case([dense(3, 5, "tanh"), dense(5, 4, "softmax")], "mse", batch=4, optimizer="adam", steps=3)


def two_layers_for_loss(loss, optimizer):
    """2 → 6 (tanh) → 3, the loss under test on a batch of 6."""
    last = "sigmoid" if loss == "bce" else "identity"
    return Case([dense(2, 6, "tanh"), dense(6, 3, last)], loss, batch=6, optimizer=optimizer, steps=4)


# Every loss.
@case
def loss_mse(): return two_layers_for_loss("mse", "adam")
@case
def loss_mae(): return two_layers_for_loss("mae", "adamw")
@case
def loss_huber(): return two_layers_for_loss("huber", "rmsprop")
@case
def loss_bce(): return two_layers_for_loss("bce", "adagrad")
@case
def loss_bce_with_logits(): return two_layers_for_loss("bce_with_logits", "sgd")
@case
def loss_softmax_cross_entropy(): return two_layers_for_loss("softmax_cross_entropy", "momentum")


def classifier_for_optimizer(optimizer):
    """4 → 8 (relu) → 3 logits, softmax cross-entropy, five steps of the optimizer under test."""
    return Case([dense(4, 8, "relu"), dense(8, 3, "identity")], "softmax_cross_entropy",
                batch=8, optimizer=optimizer, steps=5)


# Every loss weighted per example (a weight of 0 among them), and cross-entropy with class weights.
SAMPLE_WEIGHTS = [0.5, 2.0, 1.0, 0.0, 3.0, 1.5]


def weighted(loss, optimizer):
    spec = two_layers_for_loss(loss, optimizer)
    spec.extra = {"sample_weights": SAMPLE_WEIGHTS}
    return spec


@case
def weighted_mse(): return weighted("mse", "adam")
@case
def weighted_mae(): return weighted("mae", "sgd")
@case
def weighted_huber(): return weighted("huber", "sgd")
@case
def weighted_bce(): return weighted("bce", "adam")
@case
def weighted_bce_with_logits(): return weighted("bce_with_logits", "adam")
@case
def weighted_softmax_cross_entropy(): return weighted("softmax_cross_entropy", "adam")


@case
def class_weighted_softmax_cross_entropy():
    """CrossEntropyLoss(weight=[0.2, 1.0, 3.0], reduction="sum") / rows: row r weighs class_weights[target_r]."""
    spec = two_layers_for_loss("softmax_cross_entropy", "adam")
    spec.extra = {"class_weights": [0.2, 1.0, 3.0]}
    return spec


# Label smoothing: softmax cross-entropy alone, with sample weights, with class weights (whose
# smoothing term weighs every class by its own weight), and bce_with_logits alone and weighted.
def smoothed(loss, optimizer, eps, **weights):
    spec = two_layers_for_loss(loss, optimizer)
    spec.extra = {"label_smoothing": eps, **weights}
    return spec


@case
def smoothed_softmax_cross_entropy(): return smoothed("softmax_cross_entropy", "adam", 0.1)
@case
def smoothed_weighted_softmax_cross_entropy():
    return smoothed("softmax_cross_entropy", "sgd", 0.25, sample_weights=SAMPLE_WEIGHTS)
@case
def smoothed_class_weighted_softmax_cross_entropy():
    """CrossEntropyLoss(weight=[0.2, 1.0, 3.0], label_smoothing=0.3, reduction="sum") / rows."""
    return smoothed("softmax_cross_entropy", "adam", 0.3, class_weights=[0.2, 1.0, 3.0])
@case
def smoothed_bce_with_logits(): return smoothed("bce_with_logits", "adam", 0.1)
@case
def smoothed_weighted_bce_with_logits():
    return smoothed("bce_with_logits", "sgd", 0.2, sample_weights=SAMPLE_WEIGHTS)


# Every optimizer.
@case
def opt_sgd(): return classifier_for_optimizer("sgd")
@case
def opt_momentum(): return classifier_for_optimizer("momentum")
@case
def opt_nesterov(): return classifier_for_optimizer("nesterov")
@case
def opt_adam(): return classifier_for_optimizer("adam")
@case
def opt_adamw(): return classifier_for_optimizer("adamw")
@case
def opt_rmsprop(): return classifier_for_optimizer("rmsprop")
@case
def opt_adagrad(): return classifier_for_optimizer("adagrad")


def with_weight_decay(optimizer, weight_decay=0.05):
    spec = classifier_for_optimizer(optimizer)
    spec.optimizer = dict(OPTIMIZER_DEFAULTS[optimizer], weight_decay=weight_decay)
    return spec


# L2 weight decay, added to the gradient before the update rule as PyTorch does.
@case
def opt_sgd_weight_decay(): return with_weight_decay("sgd")
@case
def opt_nesterov_weight_decay(): return with_weight_decay("nesterov")
@case
def opt_adam_weight_decay(): return with_weight_decay("adam")
@case
def opt_rmsprop_weight_decay(): return with_weight_decay("rmsprop")
@case
def opt_adagrad_weight_decay(): return with_weight_decay("adagrad")


# Logits up to 100 in magnitude: exp overflows float32 beyond 88.7 and sigmoid rounds to 1, so
# only the log-sum-exp and log-sigmoid forms give finite, matching losses and gradients.
@case
def stability_softmax_cross_entropy():
    return Case([dense(3, 4, "tanh"), dense(4, 3, "identity")], "softmax_cross_entropy",
                batch=4, optimizer="sgd", steps=2, output_scale=100.0)


@case
def embedding_tanh_softmax_cross_entropy():
    """An embedding of input column 1 (5 categories → 3 values) in front of two dense layers."""
    return Case([embedding(3, 1, 5, 3), dense(5, 4, "tanh"), dense(4, 3, "identity")], "softmax_cross_entropy",
                batch=8, optimizer="adam", steps=3)


@case
def periodic_embedding_mse():
    """Periodic embeddings of input columns 0, 2 and 3 of 4 (3 frequencies → 4 values each, a map per column),
    column 1 passed through, then two dense layers; σ 0.5 so the cosines bend over the batch."""
    return Case([periodic_embedding(4, [0, 2, 3], 3, 4, 0.5, False), dense(13, 5, "tanh"), dense(5, 2, "identity")], "mse",
                batch=6, optimizer="adamw", steps=3)


@case
def periodic_embedding_lite_softmax_cross_entropy():
    """The lite form (one map shared by the columns) after an embedding of column 1, as neurite train builds it."""
    return Case([embedding(4, 1, 5, 2), periodic_embedding(5, [0, 3, 4], 4, 3, 0.5, True), dense(11, 3, "identity")],
                "softmax_cross_entropy", batch=8, optimizer="adam", steps=3)


@case
def stability_bce_with_logits():
    return Case([dense(3, 4, "tanh"), dense(4, 3, "identity")], "bce_with_logits",
                batch=4, optimizer="sgd", steps=2, output_scale=100.0)


# ---------------------------------------------------------------------------------------------

def differences(path, expected, actual, tolerance=1e-9):
    """Where two JSON values differ: numbers by more than tolerance · (1 + |expected|)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        if expected.keys() != actual.keys():
            return [f"{path}: fields {sorted(expected)} vs {sorted(actual)}"]
        return [d for k in expected for d in differences(f"{path}.{k}", expected[k], actual[k], tolerance)]
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} entries vs {len(actual)}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual))
                for d in differences(f"{path}[{i}]", e, a, tolerance)]
    numbers = (int, float)
    if isinstance(expected, numbers) and isinstance(actual, numbers) and not isinstance(expected, bool):
        ok = abs(expected - actual) <= tolerance * (1 + abs(expected))
    else:
        ok = expected == actual
    return [] if ok else [f"{path}: {expected!r} vs {actual!r}"]


def main():
    parser = argparse.ArgumentParser(description="Write the PyTorch reference cases as JSON.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"folder to write into (default {DEFAULT_OUT})")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="write only these cases")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 unless the folder holds exactly what the cases compute "
                             "(numbers within 1e-9 relative, so another CPU's last-digit rounding passes)")
    args = parser.parse_args()
    names = args.only or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        sys.exit(f"no such case: {', '.join(unknown)} (cases: {', '.join(CASES)})")
    stale = sorted(p.name for p in args.out.glob("*.json") if p.stem not in CASES)
    if args.check:
        problems = []
        for name in names:
            file = args.out / f"{name}.json"
            if not file.exists():
                problems.append(f"{file}: missing")
                continue
            found = differences(name, compute(name, CASES[name]()), json.loads(file.read_text()))
            problems += [f"{file}: {d}" for d in found[:5]] + ([f"{file}: ..."] if len(found) > 5 else [])
        problems += [f"{args.out / s}: no case writes it" for s in stale]
        for p in problems:
            print(p)
        print(f"checked {len(names)} cases in {args.out}: {'ok' if not problems else 'DIFFERENT, regenerate'}")
        sys.exit(1 if problems else 0)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in names:
        (args.out / f"{name}.json").write_text(to_text(compute(name, CASES[name]())))
    print(f"wrote {len(names)} cases to {args.out} (torch {torch.__version__})")
    if stale:
        print(f"note: {args.out} also holds files no case writes: {', '.join(stale)}")


if __name__ == "__main__":
    main()
