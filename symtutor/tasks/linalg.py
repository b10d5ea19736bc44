"""``det``, ``eigen``, ``svd``: matrix text in, Derivation out."""
from __future__ import annotations

from symtutor.parsing import parse_matrix


def explain_det(matrix_text: str):
    """``symtutor det``: the determinant by the 2x2 formula, cofactors or row reduction."""
    from symtutor.engine.determinants import explain_determinant

    return explain_determinant(parse_matrix(matrix_text), input_text=matrix_text)


def explain_eigen(matrix_text: str):
    """``symtutor eigen``: eigenvalues with multiplicities and eigenvectors."""
    from symtutor.engine.eigen import explain_eigen as engine

    return engine(parse_matrix(matrix_text), input_text=matrix_text)


def explain_svd(matrix_text: str):
    """``symtutor svd``: A = U Sigma V^T from the eigen-decomposition of A^T A."""
    from symtutor.engine.svd import explain_svd as engine

    return engine(parse_matrix(matrix_text), input_text=matrix_text)
