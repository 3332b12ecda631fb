import pytest

from newssift.config import as_list, default_text, load_config
from newssift.errors import NewssiftError


def test_defaults_are_typed():
    config = load_config()
    assert config["pipeline"]["analyzers"][:2] == ["source", "style"]
    assert all(isinstance(name, str) for name in config["pipeline"]["analyzers"])
    assert config["input"]["max_input_bytes"] == 5_000_000
    assert isinstance(config["fetch"]["read_timeout"], float)


def test_every_default_key_is_documented_by_a_comment():
    lines = default_text().splitlines()
    for index, line in enumerate(lines):
        if "=" in line and not line.startswith("#"):
            previous = lines[index - 1]
            assert previous.startswith("#") or "=" in previous, f"undocumented key: {line}"


def test_user_file_overrides_only_the_keys_it_names(tmp_path):
    path = tmp_path / "my.cfg"
    path.write_text("[pipeline]\nanalyzers = style\n\n[fetch]\nmax_redirects = 2\n")
    config = load_config(path)
    assert config["pipeline"]["analyzers"] == ["style"]
    assert config["fetch"]["max_redirects"] == 2
    assert config["fetch"]["max_bytes"] == 5_000_000
    assert config.sources == ["newssift/default.cfg", str(path)]


def test_env_variable_names_the_user_file(tmp_path, monkeypatch):
    path = tmp_path / "env.cfg"
    path.write_text("[pipeline]\nbatch_size = 8\n")
    monkeypatch.setenv("NEWSSIFT_CONFIG", str(path))
    assert load_config()["pipeline"]["batch_size"] == 8


@pytest.mark.parametrize(
    "text,code",
    [
        ("[nonsense]\nx = 1\n", "NS305"),
        ("[pipeline]\nanalyzrs = style\n", "NS305"),
        ("[fetch]\nmax_redirects = many\n", "NS304"),
        ("[fetch]\nread_timeout = soon\n", "NS304"),
        ("not an ini file", "NS301"),
    ],
)
def test_bad_user_files_fail_on_load(tmp_path, text, code):
    path = tmp_path / "bad.cfg"
    path.write_text(text)
    with pytest.raises(NewssiftError) as excinfo:
        load_config(path)
    assert excinfo.value.code == code


def test_unreadable_file_is_NS301(tmp_path):
    with pytest.raises(NewssiftError) as excinfo:
        load_config(tmp_path / "missing.cfg")
    assert excinfo.value.code == "NS301"


def test_as_list():
    assert as_list("a, b ,") == ["a", "b"]
    assert as_list("") == []
    assert as_list(["x"]) == ["x"]
