# The native addon: one C file of mechanisms plus the context switch (native/).
{
  "targets": [
    {
      "target_name": "corral",
      "sources": ["native/corral.c", "native/switch.S"],
      "include_dirs": ["native"],
      "cflags": ["-std=c11", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter", "-fno-omit-frame-pointer"],
      "ldflags": ["-pthread"]
    }
  ]
}
