/*
 * A CGI program: no SDK, only the C library. The server (src/server/)
 * runs it with a fresh sandbox per request, the request line and headers
 * in the environment (REQUEST_METHOD, PATH_INFO, QUERY_STRING, HTTP_*), the
 * body on stdin; it answers with header lines, a blank line and the body on
 * stdout, as any CGI/WAGI program does.
 *
 *   PATH_INFO /teapot     → "Status: 418 I'm a teapot"
 *   PATH_INFO /exit       → exits with status 3 without writing: the server answers 502
 *   anything else         → 200, text/plain: the request as the program saw
 *                           it, then the body read from stdin
 *
 * Built by scripts/build-examples.sh (clang for wasm32-wasi).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *env(const char *name) {
  const char *v = getenv(name);
  return v ? v : "";
}

int main(void) {
  const char *path = env("PATH_INFO");
  if (strcmp(path, "/exit") == 0) return 3;
  if (strcmp(path, "/teapot") == 0) {
    printf("Status: 418 I'm a teapot\r\nContent-Type: text/plain\r\n\r\nshort and stout\n");
    return 0;
  }
  printf("Content-Type: text/plain; charset=utf-8\r\n");
  printf("X-Powered-By: C on Corral\r\n\r\n");
  printf("hello from C (CGI)\n");
  printf("method=%s\n", env("REQUEST_METHOD"));
  printf("path=%s\n", path);
  printf("query=%s\n", env("QUERY_STRING"));
  printf("user-agent=%s\n", env("HTTP_USER_AGENT"));
  printf("x-test=%s\n", env("HTTP_X_TEST"));
  printf("content-length=%s\n", env("CONTENT_LENGTH"));
  printf("body=");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, n, stdout);
  printf("\n");
  return 0;
}
