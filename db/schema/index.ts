export * from "./departments";
export * from "./users";
export * from "./plans";
export * from "./projects";
export * from "./indicators";
export * from "./audit";
export * from "./settings";
export * from "./links";
