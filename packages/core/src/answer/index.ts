// Not built yet: see README.md in this folder for what lands here.
export {};
