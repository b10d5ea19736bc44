import os

import pytest

from tests.adversarial.harness import MARKER


@pytest.fixture(autouse=True)
def in_tmp_dir(tmp_path, monkeypatch):
    """Each case runs in an empty directory, where a successful payload would leave MARKER."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SYMTUTOR_HOME", str(tmp_path / "home"))
    yield tmp_path
    assert not (tmp_path / MARKER).exists(), "a payload executed code"
    assert not os.path.exists(os.path.join("/tmp", MARKER)), "a payload executed code"
