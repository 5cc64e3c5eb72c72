"""Saving and loading stance models as JSON + ``.npz``: no pickle, content-hashed.

``model.json`` holds the parameters, labels, vocabularies, metadata and a
SHA-256 over everything that defines predictions; ``arrays.npz`` holds the
idf weights and the linear head, and ``vectors.npz`` (models with word
vectors) the vectors' 8-bit codes and scales, as plain numeric arrays (read
with ``allow_pickle=False``).  Loading recomputes the hash and refuses a modified,
incomplete or incompatible model.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from stance.model import StanceModel
from stance.vectors import WordVectors

FORMAT_VERSION = 1


def _vectorizer_spec(field: str, vec: TfidfVectorizer, weight: float) -> dict[str, Any]:
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    return {
        "field": field,
        "weight": weight,
        "analyzer": vec.analyzer,
        "ngram_range": list(vec.ngram_range),
        "token_pattern": vec.token_pattern,
        "lowercase": vec.lowercase,
        "sublinear_tf": vec.sublinear_tf,
        "vocabulary": vocab,
    }


def _param_json(value: Any) -> Any:
    """A parameter as JSON: tuples become lists, word-vector objects a placeholder."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, WordVectors):
        return "(WordVectors object)"
    return value


def _load_vectors(model: StanceModel, spec: dict[str, Any] | None,
                  arrays: dict[str, np.ndarray]) -> None:
    model.word_vectors_ = model.vector_vectorizer_ = None
    model.vector_blocks_ = []
    if not spec:
        return
    words = spec["vocabulary"]
    model.word_vectors_ = WordVectors(words, arrays["codes"] * arrays["scales"][:, None])
    vec = TfidfVectorizer(vocabulary={w: i for i, w in enumerate(words)},
                          token_pattern=spec["token_pattern"], norm=None, dtype=np.float32)
    vec.idf_ = arrays["vector_idf"]
    model.vector_vectorizer_ = vec
    model.vector_blocks_ = [(field, float(weight)) for field, weight in spec["blocks"]]


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """Serialise arrays as an ``.npz`` with fixed timestamps (byte-reproducible)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.save(member, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, member.getvalue())
    return buf.getvalue()


def _content_hash(spec: dict[str, Any], blob: bytes) -> str:
    canon = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8") + b"\0" + blob).hexdigest()


def save_model(
    model: StanceModel, path: str | Path, *, metadata: Mapping[str, Any] | None = None
) -> Path:
    """Write ``model`` to directory ``path``; see :meth:`StanceModel.save`."""
    from stance import __version__

    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {
        "coef": model.coef_,
        "intercept": model.intercept_,
        "calibration": model.calibration_,
    }
    for i, (_, vec, _) in enumerate(model.vectorizers_):
        arrays[f"idf_{i}"] = vec.idf_.astype(np.float64)
    vectors = None
    vector_arrays: dict[str, np.ndarray] = {}
    if getattr(model, "vector_blocks_", None):
        vector_arrays = {"codes": model.word_vectors_.codes,
                         "scales": model.word_vectors_.scales}
        arrays["vector_idf"] = model.vector_vectorizer_.idf_.astype(np.float64)
        vectors = {"vocabulary": model.word_vectors_.vocabulary,
                   "token_pattern": model.vector_vectorizer_.token_pattern,
                   "blocks": [[field, weight] for field, weight in model.vector_blocks_]}
    spec = {
        "format": "stance-model",
        "format_version": FORMAT_VERSION,
        "params": {k: _param_json(v) for k, v in model.get_params().items()},
        "classes": [str(c) for c in model.classes_],
        "link": model.link_,
        "domain_copy": model.domain_copy_,
        "vectorizers": [_vectorizer_spec(*block) for block in model.vectorizers_],
        "word_vectors": vectors,
    }
    blob = _npz_bytes(arrays)
    vector_blob = _npz_bytes(vector_arrays) if vector_arrays else b""
    header = {
        "stance_version": __version__,
        "sha256": _content_hash(spec, blob + vector_blob),
        "metadata": dict(metadata or {}),
        **spec,
    }
    text = json.dumps(header, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    (out / "model.json").write_text(text + "\n", encoding="utf-8")
    (out / "arrays.npz").write_bytes(blob)
    stale = out / "vectors.npz"
    if vector_blob:
        stale.write_bytes(vector_blob)
    elif stale.exists():
        stale.unlink()
    return out


class ModelFormatError(ValueError):
    """Raised when a model directory is missing, tampered with or incompatible."""


def load_model(path: str | Path) -> StanceModel:
    """Load a model directory written by :func:`save_model`; see :meth:`StanceModel.load`."""
    root = Path(path)
    meta_path, arr_path = root / "model.json", root / "arrays.npz"
    if not meta_path.is_file() or not arr_path.is_file():
        raise ModelFormatError(f"{root}: not a stance model directory (needs model.json and "
                               "arrays.npz)")
    try:
        header = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFormatError(f"{meta_path}: not valid JSON ({exc})") from None
    if not isinstance(header, dict) or header.get("format") != "stance-model":
        raise ModelFormatError(f"{meta_path}: not a stance model file")
    if header.get("format_version") != FORMAT_VERSION:
        raise ModelFormatError(
            f"{meta_path}: model format {header.get('format_version')!r} is not supported by this "
            f"version of stance (expects {FORMAT_VERSION}); retrain or upgrade"
        )
    blob = arr_path.read_bytes()
    spec = {k: v for k, v in header.items() if k not in ("stance_version", "sha256", "metadata")}
    vec_path = root / "vectors.npz"
    has_vectors = bool(header.get("word_vectors")) and vec_path.is_file()
    vector_blob = vec_path.read_bytes() if has_vectors else b""
    if _content_hash(spec, blob + vector_blob) != header.get("sha256"):
        raise ModelFormatError(f"{root}: content hash mismatch: the model files were modified "
                               "or are incomplete")
    arrays = {}
    for data in (blob, vector_blob):
        if data:
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                arrays.update({k: npz[k] for k in npz.files})
    params = {k: tuple(v) if isinstance(v, list) else v for k, v in header["params"].items()}
    model = StanceModel(**params)
    model.classes_ = np.asarray(header["classes"], dtype=object)
    model.link_ = header["link"]
    model.domain_copy_ = bool(header.get("domain_copy", False))
    model.coef_ = arrays["coef"]
    model.intercept_ = arrays["intercept"]
    model.calibration_ = arrays["calibration"]
    model.vectorizers_ = []
    for i, vs in enumerate(header["vectorizers"]):
        vec = TfidfVectorizer(
            analyzer=vs["analyzer"],
            ngram_range=tuple(vs["ngram_range"]),
            token_pattern=vs["token_pattern"],
            lowercase=vs["lowercase"],
            sublinear_tf=vs["sublinear_tf"],
            vocabulary={t: j for j, t in enumerate(vs["vocabulary"])},
            dtype=np.float32,
        )
        vec.idf_ = arrays[f"idf_{i}"]
        model.vectorizers_.append((vs["field"], vec, float(vs["weight"])))
    _load_vectors(model, header.get("word_vectors"), arrays)
    model.n_features_ = model.coef_.shape[1]
    model.metadata_ = header.get("metadata", {})
    return model
