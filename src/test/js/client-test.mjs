// Drives a running connector-service only through the official Elasticsearch JavaScript client.
// Usage: SERVICE_URL=http://127.0.0.1:8080 node client-test.mjs   (exit 0 when every check passes)
import assert from 'node:assert/strict'
import { Client, errors } from '@elastic/elasticsearch'

const client = new Client({ node: process.env.SERVICE_URL ?? 'http://127.0.0.1:8080' })
const id = `js-client-${Date.now()}-${Math.floor(Math.random() * 1e6)}`

const created = await client.connector.put({
  connector_id: id, name: 'From JS', index_name: `search-${id}`, service_type: 'google_drive'
})
assert.equal(created.result, 'created')
assert.equal(created.id, id)

assert.equal((await client.connector.updateError({ connector_id: id, error: 'Houston, we have a problem!' })).result, 'updated')
let connector = await client.connector.get({ connector_id: id })
assert.equal(connector.status, 'error')
assert.equal(connector.error, 'Houston, we have a problem!')

assert.equal((await client.connector.updateError({ connector_id: id, error: null })).result, 'updated')
assert.equal((await client.connector.updateError({ connector_id: id, error: null })).result, 'noop')
connector = await client.connector.get({ connector_id: id })
assert.equal(connector.status, 'connected')
assert.equal(connector.error, null)

assert.equal((await client.connector.checkIn({ connector_id: id })).result, 'updated')
const listed = await client.connector.list({ index_name: `search-${id}` })
assert.equal(listed.count, 1)
assert.equal(listed.results[0].id, id)

assert.equal((await client.connector.delete({ connector_id: id })).acknowledged, true)
await assert.rejects(client.connector.get({ connector_id: id }), (err) => {
  assert.ok(err instanceof errors.ResponseError)
  assert.equal(err.statusCode, 404)
  assert.equal(err.body.error.type, 'resource_not_found_exception')
  return true
})

console.log('js client checks: all 7 hold')
