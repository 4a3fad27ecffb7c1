// Writes to its own connectors through a PostgreSQL outage and reports what each request was
// answered. Usage: node outage-client.mjs <base-url> <connectors> <seconds> <report.json>
import { writeFileSync } from 'node:fs'

const [base, count, seconds, report] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), process.argv[5]]
const until = Date.now() + seconds * 1000
const results = {}

async function client (id) {
  const log = []
  for (let n = 1; Date.now() < until; n++) {
    const started = Date.now()
    let status = 0
    let reason = ''
    try {
      const response = await fetch(`${base}/_connector/${id}/_error`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: `write ${n}` }),
        signal: AbortSignal.timeout(15000)
      })
      status = response.status
      const body = await response.json()
      if (status >= 400) reason = body.error?.reason ?? ''
    } catch (e) {
      reason = `no answer: ${e.name}`
    }
    log.push({ n, status, reason, started, ms: Date.now() - started })
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  results[id] = log
}

await Promise.all(Array.from({ length: count }, (_, i) => client(`outage-${i}`)))
writeFileSync(report, JSON.stringify(results))
