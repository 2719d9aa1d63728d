"""Pure domain rules, one module per process, plus the functions BPMN scripts may call."""
