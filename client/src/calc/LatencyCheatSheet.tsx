import { formatQuantity } from '@roofline/shared/calc'
import { latencyTables } from '@roofline/shared/presets'
import { useState } from 'react'
import './calcPanel.css'

/** "Latency numbers every engineer should know", with a log-scale bar per row. */
export function LatencyCheatSheet() {
  const [tableId, setTableId] = useState(latencyTables[0]?.id ?? '')
  const table = latencyTables.find((t) => t.id === tableId) ?? latencyTables[0]
  if (!table) return null
  const seconds = table.rows.map((r) => r.seconds)
  const lo = Math.log10(Math.min(...seconds))
  const span = Math.max(1e-9, Math.log10(Math.max(...seconds)) - lo)
  return (
    <details className="latency-sheet" data-testid="latency-sheet">
      <summary>Latency numbers</summary>
      <select aria-label="Latency table" value={table.id} onChange={(e) => setTableId(e.target.value)}>
        {latencyTables.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
      <table>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.id} title={row.note}>
              <td>{row.operation}</td>
              <td className="latency-value">{formatQuantity(row.seconds, 's')}</td>
              <td className="latency-bar-cell">
                <span
                  className="latency-bar"
                  style={{ width: `${8 + (92 * (Math.log10(row.seconds) - lo)) / span}%` }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {table.caveat && <p className="panel-hint">{table.caveat}</p>}
      <p className="panel-hint">Source: {table.sources.map((s) => s.title).join('; ')}</p>
    </details>
  )
}
