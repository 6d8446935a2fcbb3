export { createUploadHandler, type UploadHandlerOptions } from "./handler";
