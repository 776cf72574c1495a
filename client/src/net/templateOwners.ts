const KEY = 'roofline.templateOwners'

/** The owner tokens this browser got for the templates it imported, by template id. */
function owners(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '{}')
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {}
  } catch {
    return {}
  }
}

/** Keeps the owner token of a template this browser imported (it reads the file and deletes the template). */
export function rememberTemplateOwner(id: string, token: string): void {
  window.localStorage.setItem(KEY, JSON.stringify({ ...owners(), [id]: token }))
}

/** The owner token of template `id`, when this browser imported it. */
export function templateOwnerToken(id: string): string | undefined {
  const token = owners()[id]
  return typeof token === 'string' ? token : undefined
}

/** Forgets the owner token of a deleted template. */
export function forgetTemplateOwner(id: string): void {
  const { [id]: _deleted, ...rest } = owners()
  window.localStorage.setItem(KEY, JSON.stringify(rest))
}
