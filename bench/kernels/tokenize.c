/* Text processing: a JSON tokenizer over a ~256 KiB generated document,
 * n passes. Each pass classifies bytes, skips whitespace, scans strings with
 * escapes, parses integers and keywords, and folds every token's kind and
 * value into the checksum. Exercises byte loads and branchy control flow, as
 * parsers, lexers and template engines do. */
#include "kernel.h"

#define TEXT_MAX (256 * 1024)
static char text[TEXT_MAX + 1024];
static int text_length;

static void put(const char *s) { while (*s) text[text_length++] = *s++; }

static void put_number(uint32_t v) {
  char digits[12];
  int k = 0;
  do { digits[k++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (k) text[text_length++] = digits[--k];
}

/* A deterministic document: an array of records with strings, escapes, numbers, booleans, nulls and nesting. */
static void generate(void) {
  static const char *const words[8] = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta" };
  uint32_t state = 0x9e3779b9u;
  text_length = 0;
  put("[\n");
  for (int record = 0; text_length < TEXT_MAX; record++) {
    put(record ? ",\n  {" : "  {");
    put("\"id\": "); put_number((uint32_t)record);
    put(", \"name\": \""); put(words[next_random(&state) & 7]); put("\\n"); put(words[next_random(&state) & 7]); put("\"");
    put(", \"score\": -"); put_number(next_random(&state) % 100000);
    put(", \"tags\": ["); put_number(next_random(&state) & 255); put(", true, null, \"q\\\"x\"]");
    put(", \"nested\": {\"ok\": false, \"depth\": "); put_number(next_random(&state) & 15); put("}}");
  }
  put("\n]\n");
  text[text_length] = 0;
}

enum { T_PUNCT = 1, T_STRING, T_NUMBER, T_TRUE, T_FALSE, T_NULL, T_ERROR };

/* Seeded with the previous pass's result, so no compiler can share work between passes. */
static uint32_t tokenize(uint32_t h) {
  const char *p = text, *end = text + text_length;
  while (p < end) {
    char c = *p;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') { p++; continue; }
    if (c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',') {
      h = mix32(h, T_PUNCT * 256u + (uint8_t)c); p++; continue;
    }
    if (c == '"') {
      uint32_t sh = 5381;
      for (p++; *p != '"'; p++) {
        if (*p == '\\') p++;
        sh = sh * 33 + (uint8_t)*p;
      }
      p++;
      h = mix32(mix32(h, T_STRING), sh);
      continue;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      int negative = c == '-';
      if (negative) p++;
      uint32_t v = 0;
      while (*p >= '0' && *p <= '9') v = v * 10 + (uint32_t)(*p++ - '0');
      h = mix32(mix32(h, T_NUMBER), negative ? 0u - v : v);
      continue;
    }
    if (c == 't' && p[1] == 'r' && p[2] == 'u' && p[3] == 'e') { h = mix32(h, T_TRUE); p += 4; continue; }
    if (c == 'f' && p[1] == 'a' && p[2] == 'l' && p[3] == 's' && p[4] == 'e') { h = mix32(h, T_FALSE); p += 5; continue; }
    if (c == 'n' && p[1] == 'u' && p[2] == 'l' && p[3] == 'l') { h = mix32(h, T_NULL); p += 4; continue; }
    return mix32(h, T_ERROR);
  }
  return h;
}

unsigned run(int n) {
  generate();
  uint32_t h = 2166136261u;
  for (int pass = 0; pass < n; pass++) h = tokenize(h);
  return h;
}
