export { makeTrace, sortRequests, type Trace, type TraceRequest } from './trace.js';
export { formatTraceCsv, parseTraceCsv, TraceCsvError, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, type ParseTraceOptions } from './csv.js';
export { DEFAULT_DURATIONS, heavyTailDurations, sampleDuration, validateDurations, type DurationSpec } from './durations.js';
export { bursts, officeHours, steadyPoisson, DEFAULT_PROFILE, type BurstOptions, type GeneratorOptions } from './generators.js';
export { officeRatePerHour, type OfficeRateOptions } from './office-hours-rate.js';
export { builtinTrace, builtinTraces, BUILTIN_TRACE_NAMES, type BuiltinTraceName } from './builtin-traces.js';
