"""Train the people model from the shared corpora (run by hand, never at run time).

Usage::

    pip install -e '.[train]'
    python reader/people/data/train.py [--corpora ../shared/corpora] [--folds 5] [--no-eval]

Trains a logistic regression (liblinear, deterministic: the same data gives the same weights)
on the shippable files of ``people-train/`` (see README.md here), chooses the cut-off on
``people-dev/`` (newswire, used for the threshold only, never for weights), and writes
``people_model.json.gz``. With evaluation on (the default) it also reports, and stores in the
model's ``meta``: k-fold cross-validated span F1 over the shippable files, F1 on each file
when trained on the others, and F1 on the dev sets.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from reader.people import lexicon as lx  # noqa: E402
from reader.people.compiled import stale_modules  # noqa: E402
from reader.people.data.build_names import write_gz  # noqa: E402
from reader.people.extract import candidates, extract_people  # noqa: E402
from reader.people.features import context_features, position, scan, word_features  # noqa: E402
from reader.people.model import MODEL_PATH, Model  # noqa: E402

DEFAULT_CORPORA = HERE.parents[3] / "shared" / "corpora"
SHIPPABLE = ("gmb.json", "gum-train.json", "wikigold.json", "wnut17.json", "btc.json", "sec-filings.json")
DEV = "people-dev/conll2003-testa.json"
CHECKS = ("gum-people/dev.json", "people-train/gum-train-nc.json")
MIN_COUNT = 2  # a feature seen fewer times in training gets no weight
C = 0.5  # inverse regularisation strength
Doc = dict[str, Any]
GENRE_WEIGHT = {"news": 0.5}  # gmb's labels are partly machine-made and miss some names


def load(path: Path) -> list[Doc]:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def featurize(docs: Iterable[Doc]) -> tuple[list[list[str]], list[int], list[float]]:
    """Feature strings and labels (1: exactly a gold name) of every option in ``docs``."""
    lex = lx.lexicon()
    word_cache: dict[str, list[str]] = {}
    rows: list[list[str]] = []
    labels: list[int] = []
    weights: list[float] = []
    for d in docs:
        weight = GENRE_WEIGHT.get(d.get("genre", ""), 1.0)
        text = d["text"]
        gold = {(m["start"], m["end"]) for m in d["people"]}
        cands = candidates(text)
        opts, info = scan(cands, text)
        for o in opts:
            feats: list[str] = []
            n = len(o.words)
            for i, w in enumerate(o.words):
                wf = word_cache.get(w)
                if wf is None:
                    wf = word_cache[w] = word_features(w, lex)
                pos = position(n, i)
                feats.extend(pos + f for f in wf)
            feats.extend(context_features(text, o, info, lex))
            rows.append(feats)
            labels.append(int((o.start, o.end) in gold))
            weights.append(weight)
    return rows, labels, weights


def fit(docs: list[Doc], threshold: float = 0.0) -> Model:
    """A model trained on ``docs``."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    rows, labels, sample_weight = featurize(docs)
    counts = Counter(f for r in rows for f in set(r))
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT))}
    indptr, indices = [0], []
    for r in rows:
        cols = sorted({vocab[f] for f in r if f in vocab})
        indices.extend(cols)
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=0)
    clf.fit(x, np.array(labels), sample_weight=np.array(sample_weight))
    weights = {f: round(float(clf.coef_[0][i]), 4) for f, i in vocab.items()}
    weights = {f: w for f, w in weights.items() if w}
    return Model(weights, round(float(clf.intercept_[0]), 4), threshold)


def span_counts(docs: Iterable[Doc], extract: Callable[[str], list[Any]]) -> tuple[int, int, int]:
    """(true positives, predicted, gold) of exact-span matching."""
    tp = n_pred = n_gold = 0
    for d in docs:
        gold = {(m["start"], m["end"]) for m in d["people"]}
        pred = {(m.start, m.end) for m in extract(d["text"])}
        tp += len(gold & pred)
        n_pred += len(pred)
        n_gold += len(gold)
    return tp, n_pred, n_gold


def f1(counts: tuple[int, int, int]) -> dict[str, float]:
    tp, n_pred, n_gold = counts
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "p": round(p, 4), "r": round(r, 4)}


def choose_cutoff(model: Model, dev: list[Doc]) -> None:
    """Set the threshold that gives the best span F1 on ``dev``."""
    best = (-1.0, model.threshold)
    for t in [x / 4 for x in range(-8, 9)]:
        model.threshold = t
        score = f1(span_counts(dev, lambda s: extract_people(s, model)))["f1"]
        if score > best[0]:
            best = (score, t)
    model.threshold = best[1]


def folds(docs: list[Doc], k: int) -> list[list[Doc]]:
    """``k`` folds of documents, dealt in order (deterministic)."""
    return [docs[i::k] for i in range(k)]


def evaluate(train: dict[str, list[Doc]], corpora: Path, k: int, model: Model) -> dict[str, Any]:
    """Cross-validated, leave-one-file-out and dev-set figures."""
    meta: dict[str, Any] = {}
    everything = [d for docs in train.values() for d in docs]
    total = [0, 0, 0]
    for i, held in enumerate(folds(everything, k)):
        held_ids = {id(d) for d in held}
        m = fit([d for d in everything if id(d) not in held_ids], model.threshold)
        for j, v in enumerate(span_counts(held, lambda s, m=m: extract_people(s, m))):
            total[j] += v
        print(f"  fold {i + 1}/{k} done", file=sys.stderr)
    meta["train_cv"] = f1(tuple(total))
    per_file = {}
    for name, docs in train.items():
        rest = [d for other, ds in train.items() if other != name for d in ds]
        m = fit(rest, model.threshold)
        per_file[name] = f1(span_counts(docs, lambda s, m=m: extract_people(s, m)))
        print(f"  {name} held out: {per_file[name]}", file=sys.stderr)
    meta["per_file_held_out"] = per_file
    for rel in (DEV, *CHECKS):
        path = corpora / rel
        if path.exists():
            meta[rel] = f1(span_counts(load(path), lambda s: extract_people(s, model)))
    return meta


def save(model: Model, meta: dict[str, Any], path: Path) -> None:
    """Write the model as gzip'd JSON with sorted keys (reproducible bytes)."""
    data = {
        "bias": model.bias,
        "threshold": model.threshold,
        "meta": meta,
        "weights": model.weights,
    }
    write_gz(path, json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def main(argv: list[str] | None = None) -> int:
    """Train, choose the cut-off, evaluate, write."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-eval", action="store_true", help="skip cross-validation (faster)")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    if args.no_eval and args.out == MODEL_PATH:
        ap.error("--no-eval measures nothing, so it may not replace the shipped model: give --out")
    if stale := stale_modules():
        ap.error(f"{', '.join(stale)} changed after it was compiled: install again first (make test)")
    started = time.perf_counter()
    train = {name: load(args.corpora / "people-train" / name) for name in SHIPPABLE}
    model = fit([d for docs in train.values() for d in docs])
    dev = load(args.corpora / DEV)
    choose_cutoff(model, dev)
    meta: dict[str, Any] = {"trained_on": list(SHIPPABLE), "cutoff_chosen_on": DEV}
    if not args.no_eval:
        meta.update(evaluate(train, args.corpora, args.folds, model))
    save(model, meta, args.out)
    size = args.out.stat().st_size
    print(json.dumps(meta, indent=1))
    print(
        f"{len(model.weights)} weights, threshold {model.threshold}; "
        f"{size / 1e6:.2f} MB; {time.perf_counter() - started:.0f} s. If the weights changed, bump "
        "PEOPLE_MODEL_VERSION in reader/people/__init__.py so that libraries find their people again.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
