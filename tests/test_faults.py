"""Brand mistakes and faults in leafprint itself: located messages, never a traceback.

A fault in leafprint is one line naming the leaflet, language and format, exit code 3;
``--debug`` shows the traceback.
"""

from __future__ import annotations

import socket
import sys

import pytest

from helpers import META, TEXT, add_leaflet, invoke, translated
from leafprint import cli as cli_module
from leafprint.commands.build import Project


def errors(project: Project, *args: str) -> list[str]:
    code, out, err = invoke(project, "build", *args)
    assert code == 1, out + err
    assert "Traceback" not in out + err
    return errors_only(err)


def errors_only(err: str) -> list[str]:
    """The error lines of a build's output, without its warnings and the hint."""
    return [line for line in err.splitlines() if not line.startswith(("warning:", "hint:"))]


def brand_file(project: Project, name: str, text: str) -> None:
    path = project.styles / "westerhaven" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_labels_file_holding_a_list(sandbox: Project) -> None:
    add_leaflet(sandbox, "one")
    brand_file(sandbox, "labels/en.yaml", "- Contact\n- Summary\n")
    assert errors(sandbox) == [
        "styles/westerhaven/labels/en.yaml:1:1: (document): "
        "expected a mapping of label names to texts"
    ]


def test_a_wrong_placeholder_and_a_misspelt_label(sandbox: Project) -> None:
    add_leaflet(sandbox, "one")
    brand_file(sandbox, "labels/en.yaml", "page_x_of_y: Page {page} of {total}\ncontct: Call\n")
    assert errors(sandbox) == [
        "styles/westerhaven/labels/en.yaml:1:14: page_x_of_y: unknown placeholder {total} "
        "(this label may use: {page}, {pages})",
        "styles/westerhaven/labels/en.yaml:2:1: contct: unknown label 'contct'; "
        "did you mean 'contact'?",
    ]


def test_no_labels_for_a_language_or_its_fallback(sandbox: Project) -> None:
    add_leaflet(sandbox, "one")
    (sandbox.base / "labels" / "en.yaml").unlink()
    brand = sandbox.styles / "westerhaven" / "brand.yaml"
    brand.write_text(brand.read_text().replace("fallback_language: en", "fallback_language: fi"))
    assert errors(sandbox) == [
        "styles/base/labels/fi.yaml:1:1: labels: no interface labels for 'en' or its fallback "
        "'fi' (all labels): add them to styles/base/labels/fi.yaml"
    ]


def test_a_brand_template_asking_for_a_label_that_does_not_exist(sandbox: Project) -> None:
    add_leaflet(sandbox, "one")
    brand_file(
        sandbox,
        "templates/leaflet.html",
        '{% extends "base/leaflet.html" %}\n'
        "{% block summary %}\n<p>{{ page.label('sumary') }}</p>\n{% endblock %}\n",
    )
    assert errors(sandbox) == [
        "styles/westerhaven/templates/leaflet.html:3:1: template: "
        "no interface label 'sumary'; did you mean 'summary'?"
    ]


@pytest.mark.slow
def test_a_fault_in_one_output_is_one_line_and_the_rest_still_builds(
    sandbox: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leafprint.layout import render
    from leafprint.layout.jobs import PageModel

    original = render.render_html

    def faulty(model: PageModel, *args: object, **kwargs: object) -> str:
        if model.page.slug == "bad":
            raise RuntimeError("something broke")
        return original(model, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_html", faulty)
    add_leaflet(sandbox, "bad")
    add_leaflet(sandbox, "good")
    code, out, err = invoke(sandbox, "build")
    assert code == 3
    assert "wrote dist/good/good.en.pdf" in out
    assert errors_only(err) == [
        "leaflets/bad/en.yaml:1:1: (internal error): bad (en, a4): RuntimeError: something "
        "broke (a fault in leafprint, not in the leaflet; run again with --debug to see "
        "where, and report it)"
    ]
    code, _, err = invoke(sandbox, "--debug", "build", "bad")
    assert code == 3
    assert "Traceback (most recent call last)" in err
    assert 'raise RuntimeError("something broke")' in err


@pytest.mark.slow
def test_a_fault_in_the_preflight_is_a_fault_in_leafprint_not_in_the_leaflet(
    sandbox: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leafprint.layout import render

    def faulty(*args: object) -> list[object]:
        raise RuntimeError("preflight broke")

    monkeypatch.setattr(render, "preflight", faulty)
    add_leaflet(sandbox, "one")
    code, _, err = invoke(sandbox, "build", "--jobs", "1")
    assert code == 3
    assert errors_only(err) == [
        "leaflets/one/en.yaml:1:1: (internal error): one (en, a4): RuntimeError: preflight "
        "broke (a fault in leafprint, not in the leaflet; run again with --debug to see "
        "where, and report it)"
    ]


def test_a_fault_outside_the_build_is_one_line_with_exit_3(
    sandbox: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from leafprint.commands import options

    def faulty(*args: object) -> list[object]:
        raise OSError("disk on fire")

    monkeypatch.setattr(options, "check_options", faulty)
    monkeypatch.chdir(sandbox.root)
    monkeypatch.setattr(sys, "argv", ["leafprint", "build"])
    with pytest.raises(SystemExit) as caught:
        cli_module.main()
    assert caught.value.code == 3
    assert capsys.readouterr().err == (
        "leafprint: internal error: OSError: disk on fire (run again with --debug to see where)\n"
    )
    monkeypatch.setattr(sys, "argv", ["leafprint", "--debug", "build"])
    with pytest.raises(OSError, match="disk on fire"):
        cli_module.main()


def test_exit_code_2_for_usage_errors(sandbox: Project) -> None:
    assert invoke(sandbox, "build", "--pdf-variant", "pdf/a-9")[0] == 2
    assert invoke(sandbox, "buidl")[0] == 2


@pytest.mark.slow
def test_text_files_from_other_programs(sandbox: Project) -> None:
    folder = add_leaflet(sandbox, "one", META, TEXT)
    (folder / "en.yaml").write_bytes(TEXT.replace("short", "naïve").encode("cp1252"))
    assert errors(sandbox) == [
        "leaflets/one/en.yaml:2:14: (file): the file is not UTF-8: byte 0xEF ('ï' in "
        "Windows-1252) cannot be read; save the file as UTF-8 (in most editors: Save as → "
        "Encoding → UTF-8)"
    ]
    (folder / "en.yaml").write_text("\ufeff" + TEXT, encoding="utf-8")  # a BOM is fine
    assert invoke(sandbox, "build")[0] == 0


@pytest.mark.slow
def test_css_warnings_are_located_in_their_stylesheet_and_given_once(sandbox: Project) -> None:
    add_leaflet(sandbox, "one", META.replace("formats: [a4]", "formats: [a4, a5]"))
    css = sandbox.styles / "westerhaven" / "leaflet.css"
    lines = css.read_text(encoding="utf-8").splitlines()
    css.write_text("\n".join([*lines, "h2 {", "  colr: red;", "}", ""]), encoding="utf-8")
    code, _, err = invoke(sandbox, "build")
    assert code == 0
    assert [line for line in err.splitlines() if "colr" in line] == [
        f"warning: styles/westerhaven/leaflet.css:{len(lines) + 2}:3: (css): `colr: red` is "
        "ignored: unknown property"
    ]


@pytest.mark.slow
def test_a_fault_while_loading_a_leaflet_names_it_and_the_rest_still_builds(
    sandbox: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leafprint.build import leafletcache

    original = leafletcache.load_leaflet

    def faulty(folder: object) -> object:
        if str(folder).endswith("bad"):
            raise KeyError("x")
        return original(folder)  # type: ignore[arg-type]

    monkeypatch.setattr(leafletcache, "load_leaflet", faulty)
    add_leaflet(sandbox, "bad")
    add_leaflet(sandbox, "good")
    code, out, err = invoke(sandbox, "build")
    assert code == 3
    assert "wrote dist/good/good.en.pdf" in out
    assert errors_only(err) == [
        "leaflets/bad/leaflet.yaml:1:1: (internal error): bad: KeyError: 'x' (a fault in "
        "leafprint, not in the leaflet; run again with --debug to see where, and report it)"
    ]


@pytest.mark.slow
def test_a_brand_font_that_is_missing_is_an_error_of_the_leaflet(sandbox: Project) -> None:
    add_leaflet(sandbox, "one")
    css = sandbox.styles / "westerhaven" / "leaflet.css"
    rule = (
        "@font-face { font-family: Gone; src: url(fonts/gone.woff2) }\nh1 { font-family: Gone }\n"
    )
    css.write_text(css.read_text(encoding="utf-8") + rule, encoding="utf-8")
    assert errors(sandbox) == [
        "leaflets/one/en.yaml:1:1: (render): 'styles/westerhaven/fonts/gone.woff2': file not found"
    ]


# A mistake of the user or the machine is its message, a hint and exit code 1 or 2;
# only leafprint's own faults say "a fault in leafprint" (exit 3).

OUT_HINT = "hint: choose a folder you may write to with --out\n"


@pytest.mark.parametrize(
    "command", [["build"], ["schema"], ["evidence", "one"], ["serve", "--port", "0"]]
)
def test_an_output_folder_that_cannot_be_written_names_the_option(
    sandbox: Project, command: list[str]
) -> None:
    add_leaflet(sandbox, "one")
    (sandbox.root / "afile").write_text("not a folder")
    code, out, err = invoke(sandbox, *command, "--out", "afile/x")
    assert (code, out) == (2, "")
    assert err == "--out: cannot write to the folder 'afile/x': Not a directory\n" + OUT_HINT


def test_a_port_out_of_range_is_a_usage_error(sandbox: Project) -> None:
    code, _, err = invoke(sandbox, "serve", "--port", "99999")
    assert code == 2
    assert err.endswith(
        "Error: Invalid value for '--port': 99999 is not in the range 0<=x<=65535.\n"
    )


def test_a_port_in_use_names_the_option(sandbox: Project) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = invoke(sandbox, "serve", "--port", str(port), "--out", "dist")
    assert (code, out) == (2, "")
    assert err == (
        f"--port: cannot listen on 127.0.0.1:{port}: Address already in use\n"
        "hint: choose another port (--port 0 takes any free one), or stop the program using it\n"
    )


SCHEDULER_HINT = "hint: start the scheduler, correct its address, or build without --scheduler\n"


def test_a_dask_scheduler_that_does_not_answer_names_the_option(sandbox: Project) -> None:
    import dask
    import distributed  # noqa: F401  # its settings are known to dask.config once imported

    add_leaflet(sandbox, "one")
    with socket.socket() as closed, dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        closed.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused
        address = f"tcp://127.0.0.1:{closed.getsockname()[1]}"
        code, _, err = invoke(sandbox, "build", "--scheduler", address)
    assert code == 2
    assert err == (
        f"--scheduler: no Dask scheduler answers at {address} (Timed out trying to connect "
        f"to {address} after 1 s)\n" + SCHEDULER_HINT
    )
    code, _, err = invoke(sandbox, "build", "--scheduler", "localhost")
    assert code == 2
    assert err == (
        "--scheduler: no Dask scheduler answers at localhost (missing port number in "
        "address 'localhost')\n" + SCHEDULER_HINT
    )


def test_a_scheduler_without_dask_installed_says_how_to_install_it(
    sandbox: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as if absent
    add_leaflet(sandbox, "one")
    code, _, err = invoke(sandbox, "build", "--scheduler", "tcp://127.0.0.1:8786")
    assert code == 2
    assert err == (
        "--scheduler: rendering on a Dask cluster needs Dask, which is not installed\n"
        "hint: install it with: pip install 'leafprint[dask]'; or build without --scheduler\n"
    )


CONTENT_HINT = "hint: fix each file at the line and column named, then run the command again\n"


@pytest.mark.parametrize("command", [["status"], ["translations", "diff", "both", "nl"]])
def test_a_translations_lock_that_is_not_utf8_or_not_a_lock(
    sandbox: Project, command: list[str]
) -> None:
    lock = translated(sandbox) / "translations.lock"
    lock.write_bytes("nl:\n  version: '1.0'\n  date: café\n".encode("cp1252"))
    code, _, err = invoke(sandbox, *command)
    assert code == 1
    assert err == (
        "leaflets/both/translations.lock:3:12: (file): the file is not UTF-8: byte 0xE9 "
        "('é' in Windows-1252) cannot be read; save the file as UTF-8 (in most editors: "
        "Save as → Encoding → UTF-8)\n" + CONTENT_HINT
    )
    lock.write_text("- a list, not a lock\n", encoding="utf-8")
    code, _, err = invoke(sandbox, *command)
    assert code == 1
    assert err == (
        "leaflets/both/translations.lock:1:1: (file): not a translations lock; delete it "
        "and mark again\n" + CONTENT_HINT
    )


def test_a_file_the_machine_refuses_is_a_located_error_not_a_fault(
    sandbox: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leafprint.commands import options

    def refused(*args: object) -> list[object]:
        raise PermissionError(13, "Permission denied", "leaflets/one/en.yaml")

    monkeypatch.setattr(options, "check_options", refused)
    code, _, err = invoke(sandbox, "build")
    assert code == 1
    assert err == (
        "leaflets/one/en.yaml:1:1: (file): cannot use it: Permission denied\n"
        "hint: check that the file named exists and that you may read (or write) it\n"
    )


def test_an_unknown_brand_is_one_message_wherever_it_is_found(sandbox: Project) -> None:
    from leafprint.content.brands import load_brand
    from leafprint.errors import ContentError

    message = "unknown brand 'acme' (known: lumen, westerhaven)"
    add_leaflet(sandbox, "one", META.replace("westerhaven", "acme"))
    assert errors(sandbox) == [f"leaflets/one/leaflet.yaml:3:8: brand: {message}"]
    code, _, err = invoke(sandbox, "new", "two", "--brand", "acme", "--lang", "en")
    assert code == 1
    assert err == f"leaflets/two:1:1: new: {message}\n" + CONTENT_HINT
    with pytest.raises(ContentError) as raised:
        load_brand(sandbox.styles, "acme")
    assert [problem.message for problem in raised.value.problems] == [message]
