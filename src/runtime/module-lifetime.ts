// When a module's native resources go back: its loaded code image (executable
// mapping and trap table, native codeLoad), its memory image (memfd,
// memory-image.ts) and its ready shells (shell.ts). Before, all of them stayed
// until engine.close(); a host compiling tenants' modules for hours leaked
// them.
//
// The user holds a *handle*, never the module's core: Engine.load makes the
// core (the Module every instance's state refers to) and returns an object
// whose prototype is the core, so reading a handle reads the core, while
// instances, ready shells and function records reach only the core.
// instantiate() unwraps a handle (Module.core) before anything keeps it.
//
//   user ──► handle ──prototype──► core ◄── InstanceState.module (live instances, ready shells)
//                                    └──► ModuleResources { code, image }  (held by the registry, not the reverse)
//
// Two FinalizationRegistries:
//  - handle collected: nobody can instantiate the module any more, so its
//    ready shells (which refer to the core, and would keep it forever) are
//    freed and no new shell is made (Module.simple turns false).
//  - core collected: no instance state refers to it, so none of its code can
//    run or be on a guest stack: an instance is in Runtime.instances until it
//    is freed, and lifetime.ts frees a group only when it is idle and every
//    instance in it is dead, so an instance whose table, import or funcref
//    reaches this module's functions keeps the core alive through the
//    callee's state. Then the code is unloaded (its range leaves the
//    backtrace map) and the memory image closed: every slot that mapped it
//    was given back (pool.giveMemory unmaps it) when its instance was freed.
//
// dispose() does the same at once, and refuses while any instance of the
// module is unfreed (live, dead but kept by its group, or initialising).
//
// Invariants: resources are freed once, never after engine.close() (which
// frees whatever is left); a finalizer that fails warns and leaves the rest to
// close(); a disposed module cannot be instantiated (its
// `core` throws). Only src/runtime/ imports this.

import type { InstanceState } from './instance-state.js';
import type { Module } from './module.js';
import type { ModuleResources, Runtime } from './runtime.js';
import { freeShell } from './shell.js';

export class ModuleLifetimes {
  /** Held value: the core, until its handle is collected. */
  private readonly handles: FinalizationRegistry<Module>;
  /** Held value: the core's native resources (never the core itself, which would then never be collected). */
  private readonly cores: FinalizationRegistry<ModuleResources>;

  constructor(private readonly rt: Runtime) {
    this.handles = new FinalizationRegistry((core) => {
      if (!rt.closed) inBackground(() => this.dropShells(core));
    });
    this.cores = new FinalizationRegistry((res) => {
      if (!rt.closed) inBackground(() => rt.freeModule(res));
    });
  }

  /** Watches a new core and returns the handle the user gets. */
  open(core: Module): Module {
    const handle = Object.create(core) as Module;
    this.handles.register(handle, core);
    this.cores.register(core, core.resources);
    return handle;
  }

  /** Frees the core's resources now; throws while an instance of it is unfreed. */
  dispose(core: Module): void {
    const rt = this.rt;
    rt.check();
    if (core.disposed) return;
    const shells = new Set<InstanceState>(core.shells);
    let unfreed = 0;
    for (const s of rt.instances.values()) if (s.module === core && !shells.has(s)) unfreed++;
    if (unfreed > 0) throw new Error(`corral: Module.dispose: ${unfreed} instance(s) of the module are not freed yet (release them, and the instances linked with them, first)`);
    core.disposed = true;
    this.dropShells(core);
    rt.freeModule(core.resources);
  }

  /**
   * Frees the module's ready shells and stops making new ones. As shell.ts's
   * breakShell does for one shell: a shell is not live, and freeInstance
   * counts one instance out.
   */
  private dropShells(core: Module): void {
    const rt = this.rt;
    core.simple = false;
    const shells = core.shells;
    core.shells = undefined;
    rt.shelledModules.delete(core);
    for (const s of shells ?? []) freeShell(rt, s);
  }
}

/** A finalizer's failure (a native call out of memory) leaves resources until engine.close(); it must not end the process as an uncaught exception. */
function inBackground(free: () => void): void {
  try {
    free();
  } catch (e) {
    process.emitWarning(`corral: a dropped module's resources could not be freed before engine.close(): ${e instanceof Error ? e.message : String(e)}`, 'CorralUnloadWarning');
  }
}
