"""The problem bank: YAML files of problems, loaded safely and validated with clear errors.

A bank file is either a list of problems or a mapping ``{topic: <default topic>,
problems: [...]}``.  One problem::

    - id: chain-sin-square           # unique, lowercase letters, digits, - _ .
      topic: derivatives             # (or inherited from the file's ``topic``)
      difficulty: 2                  # 1 easy drill .. 3 exam level
      prompt: Differentiate sin(x^2).
      task: {command: diff, input: "sin(x^2)", options: {wrt: x}}
      answer: "2x cos(x^2)"          # optional; a test asserts the engine agrees
      hints: ["Which function is inside which?"]
      tags: [chain rule, trig]
      params: {a: "randint(2, 9)"}   # optional; write {a} in prompt/input/answer

Safety: the text is scanned with YAML's event parser first and any anchor or alias is
refused (so an alias bomb fails at once), files are capped in size, nodes are built
with the safe constructor only, and ``answer``/``input`` are kept as the exact text
written (``1/2``, ``010`` or ``yes`` stay strings) to be read by ``symtutor.parsing``.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from symtutor.quiz import dispatch, templating

MAX_FILE_BYTES = 512 * 1024
MAX_PROBLEMS_PER_FILE = 2000
BANK_ENV = "SYMTUTOR_BANK"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
TOPIC_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,15}$")

PROBLEM_FIELDS = ("id", "topic", "difficulty", "prompt", "task", "answer", "hints", "tags", "params")
TASK_FIELDS = ("command", "input", "options")
FILE_FIELDS = ("topic", "problems")


# --- data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BankIssue:
    """One problem found in a bank file, located as precisely as we can."""

    path: str
    message: str
    line: int | None = None
    problem_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.problem_id:
            parts.append(f"problem {self.problem_id!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ": ".join(parts) + ": " + self.message


@dataclass(frozen=True)
class Problem:
    """A problem as written in the bank (possibly a template with ``params``)."""

    id: str
    topic: str
    difficulty: int
    prompt: str
    command: str
    input: str
    options: dict[str, Any] = field(default_factory=dict)
    answer: str | None = None
    hints: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    params: dict[str, str] = field(default_factory=dict)
    source: str = ""
    line: int = 0
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # field -> line

    def line_of(self, field_name: str) -> int:
        """The line of ``field_name`` in the bank file (the problem's first line if unknown)."""
        return self.lines.get(field_name) or self.lines.get(field_name.partition(".")[0]) or self.line

    @property
    def templated(self) -> bool:
        return bool(self.params)

    def instantiate(self, seed: int | str | None = None) -> "Instance":
        """One concrete variant: parameters drawn reproducibly from ``seed``."""
        values = templating.draw(self.params, templating.rng_for(seed, self.id)) if self.params else {}
        put = lambda text: templating.substitute(text, values)  # noqa: E731
        options = {k: put(v) if isinstance(v, str) else v for k, v in self.options.items()}
        return Instance(problem=self, values=values, prompt=put(self.prompt), input=put(self.input),
                        options=options, answer=None if self.answer is None else put(self.answer),
                        hints=tuple(put(h) for h in self.hints))


@dataclass(frozen=True)
class Instance:
    """A concrete problem, ready to ask: every ``{param}`` filled in."""

    problem: Problem
    values: dict[str, Any]
    prompt: str
    input: str
    options: dict[str, Any]
    answer: str | None
    hints: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.problem.id

    @property
    def command(self) -> str:
        return self.problem.command

    @property
    def topic(self) -> str:
        return self.problem.topic


@dataclass
class Bank:
    """Every valid problem found, and every issue met on the way."""

    problems: list[Problem] = field(default_factory=list)
    issues: list[BankIssue] = field(default_factory=list)

    def by_id(self, problem_id: str) -> Problem | None:
        return next((p for p in self.problems if p.id == problem_id), None)

    def topics(self) -> list[str]:
        return sorted({p.topic for p in self.problems})

    def select(self, topic: str | None = None, difficulty: int | None = None,
               tag: str | None = None) -> list[Problem]:
        chosen = self.problems
        if topic:
            chosen = [p for p in chosen if p.topic == topic]
        if difficulty:
            chosen = [p for p in chosen if p.difficulty == difficulty]
        if tag:
            chosen = [p for p in chosen if tag.lower() in (t.lower() for t in p.tags)]
        return chosen


# --- where banks live ----------------------------------------------------------------------


def builtin_bank_dir() -> Path:
    """The bank shipped inside the package (``problems/`` of the source tree)."""
    from importlib import resources

    return Path(str(resources.files("symtutor.quiz") / "bank_data"))


def bank_dirs(extra: Iterable[str | os.PathLike] = (), *, include_builtin: bool = True) -> list[Path]:
    """The built-in bank, then ``$SYMTUTOR_BANK`` (path list), then ``--bank`` directories."""
    dirs = [builtin_bank_dir()] if include_builtin else []
    env = os.environ.get(BANK_ENV, "")
    dirs += [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]
    dirs += [Path(p).expanduser() for p in extra]
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def bank_files(path: Path) -> tuple[list[Path], list[BankIssue]]:
    """The YAML files of a bank directory (or the file itself)."""
    if path.is_file():
        return [path], []
    if not path.is_dir():
        return [], [BankIssue(str(path), "no such file or directory")]
    files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return files, []


def load_bank(dirs: Iterable[str | os.PathLike]) -> Bank:
    """Every problem in every file of ``dirs``; invalid problems and files are skipped and reported."""
    bank = Bank()
    seen: dict[str, Problem] = {}
    for directory in dirs:
        files, issues = bank_files(Path(directory))
        bank.issues.extend(issues)
        for path in files:
            problems, file_issues = load_file(path)
            bank.issues.extend(file_issues)
            for problem in problems:
                if problem.id in seen:
                    first = seen[problem.id]
                    bank.issues.append(BankIssue(str(path), f"duplicate id (first defined at {first.source}:{first.line})",
                                                 line=problem.line, problem_id=problem.id, field="id"))
                    continue
                seen[problem.id] = problem
                bank.problems.append(problem)
    return bank


# --- one file -----------------------------------------------------------------------------


def load_file(path: str | os.PathLike) -> tuple[list[Problem], list[BankIssue]]:
    """The valid problems of one bank file and the issues found in it."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return [], [BankIssue(name, f"file is {size} bytes; a bank file may have at most {MAX_FILE_BYTES} "
                                        f"(split it into several files)")]
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [], [BankIssue(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return [], [BankIssue(name, f"cannot read: {exc.strerror or exc}")]
    return load_text(text, name)


def load_text(text: str, name: str = "<text>") -> tuple[list[Problem], list[BankIssue]]:
    """Parse and validate the text of a bank file called ``name``."""
    root, issue = _compose(text, name)
    if issue is not None:
        return [], [issue]
    if root is None:
        return [], [BankIssue(name, "the file is empty (expected a list of problems)")]
    default_topic = _default_topic(Path(name))
    issues: list[BankIssue] = []
    items = root
    if isinstance(root, yaml.MappingNode):
        fields = _mapping(root, name, None, issues)
        for key, (key_node, _) in fields.items():
            if key not in FILE_FIELDS:
                issues.append(BankIssue(name, _unknown(key, FILE_FIELDS), line=_line(key_node), field=key))
        if "topic" in fields:
            topic = _scalar_text(fields["topic"][1])
            if topic is None or not TOPIC_PATTERN.match(topic):
                issues.append(BankIssue(name, "must be a lowercase topic name like 'derivatives'",
                                        line=_line(fields["topic"][1]), field="topic"))
            else:
                default_topic = topic
        if "problems" not in fields:
            issues.append(BankIssue(name, "a bank file needs a 'problems' list", line=_line(root)))
            return [], issues
        items = fields["problems"][1]
    if not isinstance(items, yaml.SequenceNode):
        issues.append(BankIssue(name, "expected a list of problems", line=_line(items)))
        return [], issues
    if len(items.value) > MAX_PROBLEMS_PER_FILE:
        issues.append(BankIssue(name, f"more than {MAX_PROBLEMS_PER_FILE} problems in one file"))
        return [], issues
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    for node in items.value:
        problem = _problem(node, name, default_topic, issues)
        if problem is None:
            continue
        if problem.id in ids:
            issues.append(BankIssue(name, f"duplicate id (also on line {ids[problem.id]})", line=problem.line,
                                    problem_id=problem.id, field="id"))
            continue
        ids[problem.id] = problem.line
        problems.append(problem)
    return problems, issues


def _compose(text: str, name: str) -> tuple[Any, BankIssue | None]:
    """The node tree of ``text``; anchors and aliases are refused before anything is built."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return None, BankIssue(name, f"YAML anchors and aliases (&{event.anchor} / *{event.anchor}) are "
                                             "not allowed in a problem bank; write the value out",
                                       line=event.start_mark.line + 1)
        return yaml.compose(text, Loader=yaml.SafeLoader), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        return None, BankIssue(name, f"invalid YAML: {problem}", line=mark.line + 1 if mark else None)
    except yaml.YAMLError as exc:
        return None, BankIssue(name, f"invalid YAML: {exc}")


def _default_topic(path: Path) -> str | None:
    stem = path.stem
    return stem if TOPIC_PATTERN.match(stem) else None


def _line(node) -> int | None:
    return node.start_mark.line + 1 if node is not None and getattr(node, "start_mark", None) else None


def _unknown(key: str, allowed: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (allowed: {', '.join(allowed)})"
    return f"unknown field{hint}"


def _mapping(node, name, problem_id, issues) -> dict[str, tuple[Any, Any]]:
    """A mapping node's entries by key text (duplicate or non-text keys reported)."""
    out: dict[str, tuple[Any, Any]] = {}
    for key_node, value_node in node.value:
        key = _scalar_text(key_node)
        if key is None:
            issues.append(BankIssue(name, "keys must be plain words", line=_line(key_node), problem_id=problem_id))
            continue
        if key in out:
            issues.append(BankIssue(name, "given twice", line=_line(key_node), problem_id=problem_id, field=key))
            continue
        out[key] = (key_node, value_node)
    return out


def _scalar_text(node) -> str | None:
    """The exact text of a scalar node (YAML's typing ignored), None for lists/mappings."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    return None


def _construct(node) -> Any:
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


class _Checker:
    """Collects the issues of one problem, each naming file, line, id and field."""

    def __init__(self, name: str, node, issues: list[BankIssue]):
        self.name, self.node, self.issues = name, node, issues
        self.problem_id: str | None = None
        self.ok = True

    def error(self, field_name: str | None, message: str, node=None) -> None:
        self.ok = False
        self.issues.append(BankIssue(self.name, message, line=_line(node if node is not None else self.node),
                                     problem_id=self.problem_id, field=field_name))

    def text(self, fields, key, *, required: bool, nonempty: bool = True) -> str | None:
        if key not in fields:
            if required:
                self.error(key, "missing (required)")
            return None
        node = fields[key][1]
        value = _scalar_text(node)
        if value is None or (node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null")):
            self.error(key, "must be text (quote it if it starts with [ or {)", node)
            return None
        if nonempty and not value.strip():
            self.error(key, "must not be empty", node)
            return None
        return value

    def text_list(self, fields, key) -> tuple[str, ...]:
        if key not in fields:
            return ()
        node = fields[key][1]
        if not isinstance(node, yaml.SequenceNode):
            self.error(key, "must be a list of text items", node)
            return ()
        out = []
        for item in node.value:
            value = _scalar_text(item)
            if value is None or not value.strip():
                self.error(key, "every item must be non-empty text", item)
            else:
                out.append(value)
        return tuple(out)


def _problem(node, name: str, default_topic: str | None, issues: list[BankIssue]) -> Problem | None:
    check = _Checker(name, node, issues)
    if not isinstance(node, yaml.MappingNode):
        check.error(None, "each problem must be a mapping with id, difficulty, prompt and task")
        return None
    fields = _mapping(node, name, None, issues)
    problem_id = check.text(fields, "id", required=True)
    if problem_id is not None:
        check.problem_id = problem_id
        if not ID_PATTERN.match(problem_id):
            check.error("id", "must be lowercase letters, digits, '-', '_' or '.', at most 64 characters",
                        fields["id"][1])
    for key, (key_node, _) in fields.items():
        if key not in PROBLEM_FIELDS:
            check.error(key, _unknown(key, PROBLEM_FIELDS), key_node)

    topic = check.text(fields, "topic", required=False) or default_topic
    if topic is None:
        check.error("topic", "missing (required, or give the file a top-level 'topic')")
    elif not TOPIC_PATTERN.match(topic):
        check.error("topic", "must be a lowercase topic name like 'derivatives'", fields.get("topic", (None, None))[1])

    difficulty = _difficulty(check, fields)
    prompt = check.text(fields, "prompt", required=True)
    command, input_text, options = _task(check, fields)
    answer = check.text(fields, "answer", required=False)
    hints = check.text_list(fields, "hints")
    tags = check.text_list(fields, "tags")
    params = _params(check, fields)

    texts = {"prompt": prompt, "task.input": input_text, "answer": answer,
             **{f"hints[{i}]": h for i, h in enumerate(hints)},
             **{f"task.options.{k}": v for k, v in (options or {}).items() if isinstance(v, str)}}
    for where, text in texts.items():
        if text is None:
            continue
        unknown = templating.placeholders(text) - set(params) if params else set()
        if unknown:
            check.error(where, f"uses {{{sorted(unknown)[0]}}} but params defines no such parameter")

    if not check.ok:
        return None
    problem = Problem(id=problem_id, topic=topic, difficulty=difficulty, prompt=prompt.strip(), command=command,
                      input=input_text.strip(), options=options, answer=None if answer is None else answer.strip(),
                      hints=hints, tags=tags, params=params, source=name, line=_line(node) or 0,
                      lines=_field_lines(fields))
    if params:
        try:
            problem.instantiate(seed=0)
        except templating.TemplateError as exc:
            check.error("params", str(exc))
            return None
    return problem


def _field_lines(fields) -> dict[str, int]:
    lines = {key: _line(value) or 0 for key, (_, value) in fields.items()}
    task = fields.get("task", (None, None))[1]
    if isinstance(task, yaml.MappingNode):
        for key_node, value_node in task.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines[f"task.{key_node.value}"] = _line(value_node) or 0
    return lines


def _difficulty(check: _Checker, fields) -> int | None:
    if "difficulty" not in fields:
        check.error("difficulty", "missing (required: 1, 2 or 3)")
        return None
    node = fields["difficulty"][1]
    value = _scalar_text(node)
    if value is None or value.strip() not in ("1", "2", "3"):
        check.error("difficulty", f"must be 1, 2 or 3, got {value if value is not None else 'a list or mapping'}",
                    node)
        return None
    return int(value)


def _task(check: _Checker, fields) -> tuple[str | None, str | None, dict[str, Any]]:
    if "task" not in fields:
        check.error("task", "missing (required: {command: ..., input: ...})")
        return None, None, {}
    node = fields["task"][1]
    if not isinstance(node, yaml.MappingNode):
        check.error("task", "must be a mapping like {command: diff, input: \"sin(x^2)\"}", node)
        return None, None, {}
    task = _mapping(node, check.name, check.problem_id, check.issues)
    for key, (key_node, _) in task.items():
        if key not in TASK_FIELDS:
            check.error(f"task.{key}", _unknown(key, TASK_FIELDS), key_node)
    command = check.text(task, "command", required=True)
    if command is not None and command not in dispatch.TASKS:
        close = difflib.get_close_matches(command, list(dispatch.TASKS), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(dispatch.TASKS)
        check.error("task.command", f"unknown command {command!r} ({hint})", task["command"][1])
        command = None
    if "input" not in task:
        check.error("task.input", "missing (required)", node)
        input_text = None
    else:
        input_text = check.text(task, "input", required=True)
    options: dict[str, Any] = {}
    if "options" in task:
        opt_node = task["options"][1]
        if not isinstance(opt_node, yaml.MappingNode):
            check.error("task.options", "must be a mapping like {wrt: x}", opt_node)
        else:
            for key, (key_node, value_node) in _mapping(opt_node, check.name, check.problem_id,
                                                         check.issues).items():
                if not re.match(r"^[a-z_][a-z0-9_]*$", key):
                    check.error(f"task.options.{key}", "option names are lowercase words", key_node)
                    continue
                if not isinstance(value_node, yaml.ScalarNode):
                    check.error(f"task.options.{key}", "must be text, a whole number or true/false", value_node)
                    continue
                value = _construct(value_node)
                if isinstance(value, (bool, int)) and value_node.style is None:
                    options[key] = value
                elif value is None:
                    check.error(f"task.options.{key}", "must not be empty", value_node)
                else:
                    options[key] = value_node.value
    return command, input_text, options


def _params(check: _Checker, fields) -> dict[str, str]:
    if "params" not in fields:
        return {}
    node = fields["params"][1]
    if not isinstance(node, yaml.MappingNode):
        check.error("params", "must be a mapping like {a: \"randint(2, 9)\"}", node)
        return {}
    params: dict[str, str] = {}
    for key, (key_node, value_node) in _mapping(node, check.name, check.problem_id, check.issues).items():
        if not PARAM_NAME.match(key):
            check.error(f"params.{key}", "parameter names are short identifiers like a, n, k2", key_node)
            continue
        spec = _scalar_text(value_node)
        if spec is None:
            check.error(f"params.{key}", "must be a spec like randint(2, 9) or choice([2, 3, 4])", value_node)
            continue
        try:
            templating.check_spec(spec, set(params))
        except templating.TemplateError as exc:
            check.error(f"params.{key}", str(exc), value_node)
            continue
        params[key] = spec
    return params
