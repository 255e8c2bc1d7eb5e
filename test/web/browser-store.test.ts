import { describeBrowserTaskStoreSuites } from "./browser-store.behaviour.js";

// fake-indexeddb is the global indexedDB here (vitest.web.config.ts).
describeBrowserTaskStoreSuites("Node, fake-indexeddb");
