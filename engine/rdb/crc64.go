package rdb

import "hash/crc64"

// jones is CRC-64/Jones in the reflected form Go's tables take: the
// checksum RDB files and DUMP payloads end with.
var jones = crc64.MakeTable(0x95ac9329ac4bc9b5)

// CRC64 extends crc over p as Redis's crc64 does: no initial or final
// inversion, which Go's Update applies, so they are undone around it.
func CRC64(crc uint64, p []byte) uint64 { return ^crc64.Update(^crc, jones, p) }
