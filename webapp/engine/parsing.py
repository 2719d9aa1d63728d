"""Deployment: parse BPMN and DMN files into spec bundles, validating every expression."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import CallActivity, SubWorkflowTask
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from webapp.engine.errors import DeployError
from webapp.engine.foreign import camunda_form_fields, check_runnable, explain_parser_text
from webapp.engine.serialization import specs_to_json
from webapp.engine.validation import validate_specs

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NSMAP = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS}


@dataclass(frozen=True)
class UserTaskSpec:
    """A user/manual task of a deployed process; `process_key` is the process that contains it."""

    id: str
    name: str
    lane: str | None
    process_key: str
    form_key: str = ""  # the task's formKey property, else its id
    # Camunda Modeler's form fields (camunda:formField, as foreign.camunda_form_fields reads
    # them): the task's form when forms/ has no file for it.
    camunda_form: list = field(default_factory=list, compare=False)


@dataclass(frozen=True)
class ParsedProcess:
    """One executable process, ready to store as a version (spec_json) and to draw (bpmn_xml)."""

    key: str
    name: str
    spec_json: str
    checksum: str
    bpmn_xml: str
    user_tasks: tuple[UserTaskSpec, ...]
    starts_on_timer: bool = False  # then deploying it schedules one instance to wait for it


@dataclass(frozen=True)
class _Source:
    name: str
    text: str
    root: Any
    kind: str  # "bpmn" or "dmn"


def parse_files(
    paths: Sequence[str | Path],
    functions: Iterable[str] | None = None,
    lanes: Mapping[str, str] | None = None,
) -> list[ParsedProcess]:
    """Parse BPMN and DMN files together; one ParsedProcess per executable process.

    `functions` (optional) are the names of the domain functions runs will get; when given, a
    call to any other unknown function is rejected too, not only calls to unsafe builtins.
    `lanes` maps a diagram's lane names to ours; the mapped names are stored in the specs, so
    every instance of the version keeps them.
    """
    return parse_texts([(Path(p).name, _read_text(Path(p))) for p in paths], functions, lanes)


def parse_texts(
    files: Sequence[tuple[str, str]],
    functions: Iterable[str] | None = None,
    lanes: Mapping[str, str] | None = None,
) -> list[ParsedProcess]:
    """parse_files for (file name, text) pairs: what an upload page has."""
    sources = [_source(name, text) for name, text in files]
    parser = SpiffBpmnParser(validator=VALIDATOR)  # fresh: a failed parse leaves half-built specs
    bpmn_sources = [s for s in sources if s.kind == "bpmn"]
    for source in sources:
        with _parser_errors(source.name):
            _add(parser, source)
    forms = {k: v for s in bpmn_sources for k, v in camunda_form_fields(s.root).items()}
    return [
        _parse_process(parser, key, source, functions, _Extras(dict(lanes or {}), forms))
        for source in bpmn_sources
        for key in _executable_process_ids(source)
    ]


@dataclass(frozen=True)
class _Extras:
    lanes: dict[str, str]
    camunda_forms: dict[str, list[dict]]


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DeployError(path.name, f"无法读取文件：{exc.strerror}") from None
    except UnicodeDecodeError:
        raise DeployError(path.name, "文件不是 UTF-8 编码") from None


def _source(name: str, text: str) -> _Source:
    text = text.removeprefix("\ufeff")
    try:
        root = etree.fromstring(text.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        raise DeployError(name, f"XML 格式错误（第 {exc.lineno} 行）：{exc.msg}") from None
    qname = etree.QName(root)
    if qname.namespace == BPMN_NS:
        return _Source(name, text, root, "bpmn")
    if qname.localname == "definitions" and "DMN" in (qname.namespace or "").upper():
        return _Source(name, text, root, "dmn")
    raise DeployError(name, "既不是 BPMN 文件，也不是 DMN 文件")


def _add(parser: SpiffBpmnParser, source: _Source) -> None:
    if source.kind == "bpmn":
        _check_references(source)
        check_runnable(source.root)
        parser.add_bpmn_xml(source.root, filename=source.name)
    else:
        parser.add_dmn_xml(source.root, filename=source.name)


def _check_references(source: _Source) -> None:
    """Catch, with a clear message, references the parser would crash on or resolve to nothing."""
    for message in source.root.iterfind(".//bpmn:message", NSMAP):
        if not message.get("name"):
            raise DeployError(message.get("id") or source.name, "消息（bpmn:message）缺少名称")
    for task in source.root.iterfind(".//bpmn:businessRuleTask", NSMAP):
        if task.find("bpmn:extensionElements/spiffworkflow:calledDecisionId", NSMAP) is None:
            message = "业务规则任务缺少 spiffworkflow:calledDecisionId（要调用的决策表 id）"
            raise DeployError(task.get("id") or source.name, message)


def _executable_process_ids(source: _Source) -> list[str]:
    processes = source.root.iterfind(".//bpmn:process", NSMAP)
    keys = [p.get("id") for p in processes if p.get("isExecutable", "true") == "true"]
    if not keys:  # bpmn.io marks new diagrams isExecutable="false"
        raise DeployError(source.name, '文件中没有可执行的流程（请设置 isExecutable="true"）')
    return keys


def _parse_process(
    parser: SpiffBpmnParser,
    key: str,
    source: _Source,
    functions: Iterable[str] | None,
    extras: _Extras,
) -> ParsedProcess:
    with _parser_errors(key):
        spec = parser.get_spec(key)
        subprocess_specs = parser.get_subprocess_specs(key)
    all_specs = [spec, *subprocess_specs.values()]
    validate_specs(all_specs, functions)
    _check_instantiable(all_specs, subprocess_specs)
    _map_lanes(all_specs, extras.lanes)
    spec_json = specs_to_json(spec, subprocess_specs)
    user_tasks = _user_tasks(all_specs, extras.camunda_forms)
    # Camunda form fields are not in the specs SpiffWorkflow builds: a version whose only change
    # is a form field is still a new version (diagrams without them keep their checksums).
    forms = [t.camunda_form for t in user_tasks]
    forms = json.dumps(forms, sort_keys=True, default=str) if any(forms) else ""
    return ParsedProcess(
        key=key,
        name=spec.description or key,
        spec_json=spec_json,
        checksum=hashlib.sha256((spec_json + forms).encode("utf-8")).hexdigest(),
        bpmn_xml=source.text,
        user_tasks=user_tasks,
        starts_on_timer=starts_on_timer(source.root, key),
    )


def starts_on_timer(root: Any, process_key: str) -> bool:
    """Whether the process's own start event is a timer (not one of a subprocess)."""
    found = root.xpath(
        "//bpmn:process[@id=$key]/bpmn:startEvent/bpmn:timerEventDefinition",
        key=process_key,
        namespaces=NSMAP,
    )
    return bool(found)


def _check_instantiable(specs: list[Any], subprocess_specs: dict[str, Any]) -> None:
    # The parser accepts a cycle of tasks with no gateway in it; building the task tree for it
    # then recurses without end. Building each tree once here turns that into a deploy error.
    for spec in specs:
        try:
            BpmnWorkflow(spec, subprocess_specs)
        except RecursionError:
            message = "流程中有不经过网关的环路（例如两个任务首尾相连），无法运行；请在环路上加网关"
            raise DeployError(spec.name, message) from None


def _embedded_in(specs: list[Any]) -> dict[str, str]:
    """Embedded subprocess spec name -> the spec holding it (call activities are not embedded)."""
    holders = {}
    for spec in specs:
        for task_spec in spec.task_specs.values():
            if isinstance(task_spec, SubWorkflowTask) and not isinstance(task_spec, CallActivity):
                holders[task_spec.spec] = spec.name
    return holders


def _owner(name: str, holders: dict[str, str]) -> str:
    seen = set()
    while name in holders and name not in seen:
        seen.add(name)
        name = holders[name]
    return name


def _map_lanes(specs: list[Any], lanes: dict[str, str]) -> None:
    for spec in specs:
        for task_spec in spec.task_specs.values():
            if getattr(task_spec, "lane", None) in lanes:
                task_spec.lane = lanes[task_spec.lane]


def _user_tasks(specs: list[Any], camunda_forms: dict[str, list[dict]]) -> tuple[UserTaskSpec, ...]:
    # `manual` covers userTask, manualTask and untyped bpmn:task (SpiffWorkflow waits on all three).
    # Tasks of an embedded subprocess belong to the process that holds it (see ready.owning_process).
    holders = _embedded_in(specs)
    found = {}
    for spec in specs:
        owner = _owner(spec.name, holders)
        for task_spec in spec.task_specs.values():
            if task_spec.manual and task_spec.bpmn_id:
                name = task_spec.bpmn_name or task_spec.bpmn_id
                properties = (getattr(task_spec, "extensions", None) or {}).get("properties", {})
                form_key = properties.get("formKey") or task_spec.bpmn_id
                camunda_form = camunda_forms.get(task_spec.bpmn_id, [])
                user_task = UserTaskSpec(
                    task_spec.bpmn_id, name, task_spec.lane, owner, form_key, camunda_form
                )
                found.setdefault((owner, task_spec.bpmn_id), user_task)
    return tuple(found.values())


@contextmanager
def _parser_errors(where: str) -> Iterator[None]:
    """SpiffWorkflow's parser reports problems as ValidationException, or just crashes."""
    try:
        yield
    except DeployError:
        raise
    except ValidationException as exc:
        element = exc.id or exc.file_name or where
        raise DeployError(element, explain_parser_text(str(exc))) from exc
    except RecursionError:
        raise DeployError(where, "流程图嵌套过深或有环路，无法解析") from None
    except (
        TypeError,
        KeyError,
        AttributeError,
        IndexError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise DeployError(where, f"无法解析流程图：{type(exc).__name__}: {exc}") from exc
