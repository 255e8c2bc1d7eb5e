import { describeBrowserTaskStoreSuites } from "../web/browser-store.behaviour.js";

describeBrowserTaskStoreSuites("Chromium, IndexedDB");
