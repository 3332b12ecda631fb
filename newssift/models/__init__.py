"""Estimators on plain strings and arrays, and the artifact folders they are saved in.

Models never see an Article. An artifact is a readable folder: ``config.json``
(hyperparameters, labels, library versions, training-data hash), weights in a
safe format (``.npz`` arrays or ``.onnx``; never pickles), ``metrics.json`` and
a generated ``MODEL_CARD.md``.
"""
