/** A place in an input file. Lines and columns are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** JSON pointer of the node in that file, when the file is JSON. */
  readonly pointer?: string;
}

/**
 * Maps a JSON pointer inside a resource (as the graph shows it: `/properties/osProfile/...`) back
 * to where it was written. Inputs implement it: an ARM template walks its own parse tree, through
 * copy loops and nested deployments; a live scan has no file and returns undefined.
 */
export interface SourceMap {
  /** The file the resource came from. */
  readonly file: string;
  /** The closest written place for `pointer`: the node itself or, failing that, its nearest ancestor. */
  locate(pointer: string): SourceLocation | undefined;
}
