export { openOutputFile, readTextChunks, readTextFile } from './files';
export type { OutputFile, TextSink } from './files';
export { MAX_DOCUMENT_BYTES, fhirFileFormat, readFhirResources } from './resources';
export type { FhirFileFormat, FhirFileItem } from './resources';
export {
  loadLocalDissentRegister,
  loadNationalOptOutRegister,
  loadNhsNumberList,
  loadOptOutPolicy,
  loadRefsetFile,
  loadType1Register,
} from './registers';
export type { LoadedRegister, NationalRegisterFiles } from './registers';
export { filterFile, filterFileFormat } from './filter-files';
export type { FilterFileFormat, FilterFileOptions } from './filter-files';
export { buildMeshRequest, writeMeshRequestFile } from './mesh-files';
export type { MeshRequestResult } from './mesh-files';
