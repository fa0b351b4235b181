/** Why an import was refused. Every code has a translated message in lib/i18n/messages/<locale>/import.json (importErrors). */
export const importErrorCodes = [
  "FILE_TOO_LARGE",
  "EMPTY_FILE",
  "UNSUPPORTED_TYPE",
  "NOT_ZIP",
  "NOT_DOCX",
  "ZIP_TOO_LARGE",
  "ZIP_RATIO",
  "UNREADABLE",
  "TOO_MANY_NODES",
  "NO_CONTENT",
  "SECTION_NOT_EMPTY",
] as const;
export type ImportErrorCode = (typeof importErrorCodes)[number];

/** HTTP status of each refusal: 413 for sizes, 422 for files that are not what they claim, 409 for a section with text. */
export const importErrorStatus: Record<ImportErrorCode, number> = {
  FILE_TOO_LARGE: 413,
  EMPTY_FILE: 400,
  UNSUPPORTED_TYPE: 415,
  NOT_ZIP: 422,
  NOT_DOCX: 422,
  ZIP_TOO_LARGE: 413,
  ZIP_RATIO: 413,
  UNREADABLE: 422,
  TOO_MANY_NODES: 413,
  NO_CONTENT: 422,
  SECTION_NOT_EMPTY: 409,
};

/** A refused import. Nothing has been written when one is thrown. `params` fill the translated message. */
export class ImportError extends Error {
  constructor(
    public readonly code: ImportErrorCode,
    message: string,
    public readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = "ImportError";
  }
}
