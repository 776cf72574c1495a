import { createHash, createHmac, randomBytes } from 'node:crypto'
import { createSocket } from 'node:dgram'

/**
 * A minimal TURN client (RFC 5766 Allocate over UDP with the long-term credential of RFC 5389),
 * enough to prove a credential works against a real TURN server: the first request is
 * answered 401 with the realm and a nonce, the second, signed with MESSAGE-INTEGRITY, gets a
 * relayed address, or an error code when the credential is refused.
 */

const MAGIC = 0x2112a442
const ALLOCATE = 0x0003
const ALLOCATE_SUCCESS = 0x0103
const ALLOCATE_ERROR = 0x0113
const Attr = {
  username: 0x0006,
  integrity: 0x0008,
  errorCode: 0x0009,
  realm: 0x0014,
  nonce: 0x0015,
  relayed: 0x0016,
  transport: 0x0019,
} as const

/** What an Allocate came to: a relayed address, or the server's error code and reason. */
export type AllocateResult = { ok: true; relayed: string } | { ok: false; code: number; reason: string }

function attribute(type: number, value: Buffer): Buffer {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4)
  padded.writeUInt16BE(type, 0)
  padded.writeUInt16BE(value.length, 2)
  value.copy(padded, 4)
  return padded
}

function message(type: number, id: Buffer, attributes: Buffer[], integrityKey?: Buffer): Buffer {
  const body = Buffer.concat(attributes)
  const header = Buffer.alloc(20)
  header.writeUInt16BE(type, 0)
  header.writeUInt32BE(MAGIC, 4)
  id.copy(header, 8)
  if (!integrityKey) {
    header.writeUInt16BE(body.length, 2)
    return Buffer.concat([header, body])
  }
  // The length covers MESSAGE-INTEGRITY itself (24 bytes) while the HMAC is computed.
  header.writeUInt16BE(body.length + 24, 2)
  const hmac = createHmac('sha1', integrityKey)
    .update(Buffer.concat([header, body]))
    .digest()
  return Buffer.concat([header, body, attribute(Attr.integrity, hmac)])
}

function parse(packet: Buffer): { type: number; attributes: Map<number, Buffer> } {
  const type = packet.readUInt16BE(0)
  const length = packet.readUInt16BE(2)
  const attributes = new Map<number, Buffer>()
  for (let offset = 20; offset < 20 + length; ) {
    const attrType = packet.readUInt16BE(offset)
    const attrLength = packet.readUInt16BE(offset + 2)
    attributes.set(attrType, packet.subarray(offset + 4, offset + 4 + attrLength))
    offset += 4 + Math.ceil(attrLength / 4) * 4
  }
  return { type, attributes }
}

function xorAddress(value: Buffer): string {
  const port = value.readUInt16BE(2) ^ (MAGIC >>> 16)
  const ip = value.readUInt32BE(4) ^ MAGIC
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}:${port}`
}

/**
 * Asks the TURN server at `host:port` (UDP) for a relay allocation with `username` and
 * `credential` (as an `RTCIceServer` carries them).
 */
export async function turnAllocate(
  host: string,
  port: number,
  username: string,
  credential: string,
): Promise<AllocateResult> {
  const socket = createSocket('udp4')
  // UDP: a request may be lost on a busy host, so it is sent again (as a STUN client does)
  // every 500 ms until an answer comes, for up to 5 s.
  const exchange = (packet: Buffer) =>
    new Promise<ReturnType<typeof parse>>((resolve, reject) => {
      const resend = setInterval(() => socket.send(packet, port, host), 500)
      const timer = setTimeout(() => {
        clearInterval(resend)
        reject(new Error(`no answer from TURN ${host}:${port}`))
      }, 5000)
      // Only the answer to this request (its transaction id): a late answer to a resent earlier one is not it.
      const onMessage = (reply: Buffer) => {
        if (reply.length < 20 || !reply.subarray(8, 20).equals(packet.subarray(8, 20))) return
        socket.off('message', onMessage)
        clearTimeout(timer)
        clearInterval(resend)
        resolve(parse(reply))
      }
      socket.on('message', onMessage)
      socket.send(packet, port, host)
    })
  try {
    const transport = attribute(Attr.transport, Buffer.from([17, 0, 0, 0]))
    const first = await exchange(message(ALLOCATE, randomBytes(12), [transport]))
    const realm = first.attributes.get(Attr.realm)
    const nonce = first.attributes.get(Attr.nonce)
    if (first.type !== ALLOCATE_ERROR || !realm || !nonce) throw new Error('TURN server asked no credential')
    const key = createHash('md5').update(`${username}:${realm.toString()}:${credential}`).digest()
    const second = await exchange(
      message(
        ALLOCATE,
        randomBytes(12),
        [
          transport,
          attribute(Attr.username, Buffer.from(username)),
          attribute(Attr.realm, realm),
          attribute(Attr.nonce, nonce),
        ],
        key,
      ),
    )
    if (second.type === ALLOCATE_SUCCESS) {
      const relayed = second.attributes.get(Attr.relayed)
      if (!relayed) throw new Error('TURN success without a relayed address')
      return { ok: true, relayed: xorAddress(relayed) }
    }
    const error = second.attributes.get(Attr.errorCode)
    if (!error) throw new Error(`unexpected TURN answer type 0x${second.type.toString(16)}`)
    return { ok: false, code: (error[2] ?? 0) * 100 + (error[3] ?? 0), reason: error.subarray(4).toString() }
  } finally {
    socket.close()
  }
}
