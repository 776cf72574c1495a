/**
 * @roofline/templates — the built-in interview prompt templates (data files in templates/data)
 * and the loader that validates them against the shared template schema.
 */
export {
  builtInTemplateDir,
  defaultTemplateId,
  loadBuiltInTemplates,
  parseTemplate,
  TemplateError,
} from './loadTemplates.ts'
export { guideTitles, sourceTitle, sourceTitles } from './sourceTitles.ts'
