export declare const LAYERS: string[][];
export declare const LEAVES: string[];
export declare const ROOT_FILES: Record<string, string>;
export declare function layerOf(folder: string): number;
export declare function forbiddenFor(folder: string): string[];
export declare function boundaryRules(): object[];
