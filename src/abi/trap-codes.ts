// The one list of trap codes, shared by TypeScript, the compiler and the C layer.
//
// The numeric value of each code is its index in TRAP_CODES; the C header
// (native/abi.h, generated from src/abi/) carries the same numbers, and a test
// checks the two agree. Messages are the spec test suite's assert_trap phrases
// where one exists. Append only: artifacts on disk record these numbers.

export const TRAP_CODES = [
  'none',
  'unreachable',
  'memory_out_of_bounds',
  'table_out_of_bounds',
  'indirect_call_null',
  'indirect_call_signature',
  'integer_divide_by_zero',
  'integer_overflow',
  'invalid_conversion_to_integer',
  'stack_overflow',
  'interrupted',
  'out_of_fuel',
  'host_error',
  'null_reference',
  'element_segment_out_of_bounds',
  'data_segment_out_of_bounds',
  'indirect_call_out_of_bounds',
] as const;

export type TrapCode = (typeof TRAP_CODES)[number];

export const TrapCodeId: { readonly [K in TrapCode]: number } = Object.fromEntries(
  TRAP_CODES.map((c, i) => [c, i]),
) as { [K in TrapCode]: number };

/** Human-readable messages; where the spec tests check a phrase, it is that phrase. */
export const TRAP_MESSAGES: { readonly [K in TrapCode]: string } = {
  none: 'no trap',
  unreachable: 'unreachable',
  memory_out_of_bounds: 'out of bounds memory access',
  table_out_of_bounds: 'out of bounds table access',
  indirect_call_null: 'uninitialized element',
  indirect_call_signature: 'indirect call type mismatch',
  integer_divide_by_zero: 'integer divide by zero',
  integer_overflow: 'integer overflow',
  invalid_conversion_to_integer: 'invalid conversion to integer',
  stack_overflow: 'call stack exhausted',
  interrupted: 'interrupted',
  out_of_fuel: 'all fuel consumed',
  host_error: 'host function error',
  null_reference: 'null reference',
  element_segment_out_of_bounds: 'out of bounds table access',
  data_segment_out_of_bounds: 'out of bounds memory access',
  indirect_call_out_of_bounds: 'undefined element',
};
