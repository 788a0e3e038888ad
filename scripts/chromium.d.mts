// Types of scripts/chromium.mjs, for playwright.config.ts.
export declare const CHROMIUM_PATH: string;
export declare const QUIET_FLAGS: string[];
export declare const WEBGPU_SWIFTSHADER_FLAGS: string[];
export declare const CHROMIUM_ARGS: string[];
