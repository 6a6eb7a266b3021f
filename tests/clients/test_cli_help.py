"""`switchboard <command> help` documents a command as `aws connect <command> help` does: the
same options in the same order with the same required markers, the same types, and the same
description, option and output paragraphs (modulo wrapping, hyphenation and markup), taken
from the model's documentation. `switchboard import-users help` documents the importer as it
behaves. No server is needed: help is read from the binary alone."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import botocore
import pytest

from conftest import BIN, REPO, cli_env

# Between them: structures, lists of structures, maps, lists of scalars, enums, booleans
# (optional and required), unions, recursive search criteria, notes, warnings, definition
# lists, and paginated operations.
COMMANDS = [
    "create-user", "describe-user", "update-user-phone-config", "update-user-config",
    "list-users", "search-users", "create-instance", "update-user-identity-info",
    "create-routing-profile", "create-security-profile", "tag-resource", "delete-user",
    "get-attached-file", "submit-contact-evaluation",
]

# The AWS CLI's own paging options: switchboard words their help for itself.
OWN_OPTIONS = {"--starting-token", "--page-size", "--max-items"}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return cli_env(tmp_path_factory.mktemp("help-home"))


def sb_help(env, *args):
    p = subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout


def aws_env(env):
    """The AWS CLI reading the Connect model of the botocore installed beside it (the one
    switchboard's model comes from) rather than the older copy it carries, so that both
    render the same documentation."""
    model = json.loads((REPO / "model" / "connect-2017-08-08.json").read_text())
    assert model["metadata"]["botocoreVersion"] == botocore.__version__, \
        "tests/clients/requirements.txt pins the botocore the model comes from"
    return dict(env, MANPAGER="cat", PAGER="cat", AWS_DATA_PATH=str(Path(botocore.__file__).parent / "data"))


def aws_help(env, command):
    if not shutil.which("groff"):
        pytest.skip("`aws … help` renders through groff, which is not installed")
    e = aws_env(env)
    p = subprocess.run([sys.executable, "-m", "awscli", "connect", command, "help"],
                       capture_output=True, text=True, env=e, timeout=120)
    assert p.returncode == 0, p.stderr
    # groff's bold and underline are overstrikes (c BACKSPACE c, _ BACKSPACE c).
    return re.sub(r".\x08", "", p.stdout)


def sections(page):
    """{title: body lines} for the page's top-level headings (capitals at column 0)."""
    out, title = {}, None
    for line in page.splitlines():
        if re.fullmatch(r"\s*[A-Z0-9-]+\(\)(\s+[A-Z0-9-]+\(\))?", line):
            continue  # a man page's header or footer
        if re.fullmatch(r"[A-Z][A-Z ]+", line):
            title = line
            out[title] = []
        elif title:
            out[title].append(line)
    return out


def paragraphs(lines):
    """Blank-line separated paragraphs, list bullets removed."""
    text = "\n".join(re.sub(r"^(\s*)(o|\*) ", r"\1", l) for l in lines)
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def norm(text):
    """Only letters and digits: wrapping, hyphenation, bullets and markup gone."""
    return re.sub(r"[^A-Za-z0-9]", "", text)


def synopsis_options(lines):
    """The command's own options as the synopsis lists them, brackets and all."""
    opts = [l.strip() for l in lines if l.strip().startswith(("--", "[--"))]
    end = opts.index("[--generate-cli-skeleton <value>]")
    return opts[:end + 1]


def option_headers(lines):
    """(names, type) of each documented option, in order."""
    found = []
    for l in lines:
        # groff justifies: words may be two spaces apart.
        m = re.match(r"^ {7}(--[a-z0-9-]+(?: +\| +--[a-z0-9-]+)?) +\(([a-z ]+)\)", l)
        if m:
            found.append((re.sub(r" +", " ", m.group(1)), m.group(2)))
    return found


def option_blocks(lines):
    """{option name: its lines}."""
    blocks, name = {}, None
    for l in lines:
        m = re.match(r"^ {7}(--[a-z0-9-]+)", l)
        if m:
            name = m.group(1)
            blocks[name] = []
        if name:
            blocks[name].append(l)
    return blocks


def assert_paragraphs_in(theirs, ours, where):
    mine = norm(ours)
    for p in theirs:
        # The AWS CLI's note that its text output queries each page of a paginated result
        # on its own: switchboard queries the whole result, so it has no such note.
        words = norm(p).split("Whenusingoutputtextandthequeryargument")[0]
        assert words in mine, f"{where}: AWS CLI paragraph missing:\n{p}\n\n--- switchboard:\n{ours}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_matches_the_aws_clis(env, command):
    theirs, ours = sections(aws_help(env, command)), sections(sb_help(env, command, "help"))
    for title in ["NAME", "DESCRIPTION", "SYNOPSIS", "OPTIONS", "GLOBAL OPTIONS", "OUTPUT"]:
        assert title in ours, title

    # The same options, in the same order, required exactly where the AWS CLI requires them.
    assert synopsis_options(ours["SYNOPSIS"]) == synopsis_options(theirs["SYNOPSIS"])
    their_headers = option_headers(theirs["OPTIONS"])
    our_headers = option_headers(ours["OPTIONS"])
    assert our_headers == their_headers
    required = {l.strip()[:-len(" <value>")] for l in synopsis_options(ours["SYNOPSIS"]) if not l.startswith("[")}
    marked = {re.match(r"^ {7}(--[a-z0-9-]+)", l).group(1)
              for l in ours["OPTIONS"] if l.startswith("       --") and l.endswith("[required]")}
    assert marked == {r.split(" | ")[0] for r in required}

    # The same words: the description, every option's text, nested members and syntax, and
    # the output.
    assert_paragraphs_in(paragraphs(theirs["DESCRIPTION"]), "\n".join(ours["DESCRIPTION"]), "DESCRIPTION")
    our_blocks = option_blocks(ours["OPTIONS"])
    for name, block in option_blocks(theirs["OPTIONS"]).items():
        if name in OWN_OPTIONS:
            continue
        ours_text = "\n".join(our_blocks[name]).replace(" [required]", "")
        assert_paragraphs_in(paragraphs(block), ours_text, name)
    assert_paragraphs_in(paragraphs(theirs["OUTPUT"]), "\n".join(ours["OUTPUT"]), "OUTPUT")


def test_help_is_wrapped_to_80_columns_off_a_terminal(env):
    page = sb_help(env, "create-user", "help")
    s = sections(page)
    prose = s["DESCRIPTION"] + s["GLOBAL OPTIONS"] + s["OUTPUT"]
    assert max(len(l) for l in prose) <= 80
    assert "<p>" not in page and "<code>" not in page and "&quot;" not in page


def test_help_and_dash_dash_help_are_the_same_page(env):
    page = sb_help(env, "create-user", "help")
    assert sb_help(env, "create-user", "--help") == page
    assert sb_help(env, "connect", "create-user", "help") == page
    assert sb_help(env, "help") == sb_help(env, "--help")


def test_the_command_list(env):
    page = sections(sb_help(env, "help"))
    commands = [l.strip() for l in page["AVAILABLE COMMANDS"] if l.strip()]
    assert commands == sorted(commands)
    assert {"create-user", "describe-user", "search-users", "update-user-config", "import-users"} <= set(commands)
    # The AWS CLI's `aws connect` commands, and import-users.
    if shutil.which("groff"):
        e = aws_env(env)
        p = subprocess.run([sys.executable, "-m", "awscli", "connect", "help"], capture_output=True,
                           text=True, env=e, timeout=120)
        theirs = sections(re.sub(r".\x08", "", p.stdout))["AVAILABLE COMMANDS"]
        theirs = {l.strip()[2:] for l in theirs if l.strip().startswith("o ")} - {"help"}
        assert theirs | {"import-users"} == set(commands)


def test_an_unknown_command_has_no_help(env):
    p = subprocess.run([str(BIN), "create-usr", "help"], capture_output=True, text=True, env=env)
    assert p.returncode == 252
    assert "Invalid choice: 'create-usr'" in p.stderr


# --------------------------------------------------------------------------------------------
# import-users
# --------------------------------------------------------------------------------------------

def documented_columns(page):
    """{column: required} from the CSV COLUMNS section."""
    cols = {}
    for l in sections(page)["CSV COLUMNS"]:
        m = re.fullmatch(r" {7}([a-z_]+)( \[required\])?", l)
        if m:
            cols[m.group(1)] = bool(m.group(2))
    return cols


def test_import_users_help_documents_the_importer(env, tmp_path):
    page = sb_help(env, "import-users", "help")
    assert sb_help(env, "import-users", "--help") == page
    s = sections(page)
    for title in ["NAME", "DESCRIPTION", "SYNOPSIS", "OPTIONS", "CSV COLUMNS", "REPORT FILE",
                  "GLOBAL OPTIONS", "OUTPUT", "EXAMPLES"]:
        assert title in s, title
    options = "\n".join(s["OPTIONS"])
    for option in ["--instance-id (string) [required]", "FILE.csv (path) [required]", "--rate (double)",
                   "--report (path)", "--concurrency (integer)"]:
        assert f"\n       {option}\n" in f"\n{options}\n", option
    assert "Default: 16." in options and ".failed.csv" in options

    cols = documented_columns(page)
    # Each column comes with what it means, its format and an example.
    body = "\n".join(s["CSV COLUMNS"])
    entries = re.split(r"\n {7}(?=[a-z_]+(?: \[required\])?\n)", body)[1:]
    assert len(entries) == len(cols)
    for entry in entries:
        lines = entry.strip().splitlines()
        assert len(lines) >= 4 and "Format: " in entry and "Example: " in entry, entry

    # The documented columns are exactly those the importer accepts (it names them when it
    # refuses an unknown one), and the required ones are those it requires.
    bogus = tmp_path / "bogus.csv"
    bogus.write_text("username,nickname\njdoe,JD\n")
    p = subprocess.run([str(BIN), "import-users", "--instance-id", "i", str(bogus)], capture_output=True,
                       text=True, env=env, timeout=60)
    assert p.returncode == 252 and "unknown column(s) 'nickname'" in p.stderr, p.stderr
    accepted = p.stderr.split("the columns are: ", 1)[1].strip().split(", ")
    assert list(cols) == accepted
    for c, required in cols.items():
        missing = tmp_path / f"without-{c}.csv"
        header = [x for x in cols if x != c]
        missing.write_text(",".join(header) + "\n" + ",".join("x" for _ in header) + "\n")
        p = subprocess.run([str(BIN), "import-users", "--instance-id", "i", str(missing),
                            "--endpoint-url", "http://127.0.0.1:9"], capture_output=True, text=True,
                           env=dict(env, AWS_MAX_ATTEMPTS="1"), timeout=60)
        assert (f"the column '{c}' is required" in p.stderr) == required, (c, p.stderr)

    # The README's "Bulk onboarding" lists the same columns.
    readme = (REPO / "README.md").read_text()
    listed = readme.split("The CSV's header names the columns, in any order and case: `", 1)[1].split("`", 1)[0]
    assert re.split(r",\s*", listed) == list(cols)
