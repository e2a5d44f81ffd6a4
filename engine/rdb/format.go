package rdb

// Version is the RDB version written: Redis 7.0's.
const Version = 10

// maxReadVersion is the newest version read: 11 (Redis 7.2) adds only the
// listpack-encoded set.
const maxReadVersion = 11

// Value types, as Redis numbers them.
const (
	TypeString          = 0
	TypeList            = 1
	TypeSet             = 2
	TypeZSet            = 3
	TypeHash            = 4
	TypeZSet2           = 5
	TypeModule          = 6
	TypeModule2         = 7
	TypeHashZipmap      = 9
	TypeListZiplist     = 10
	TypeSetIntset       = 11
	TypeZSetZiplist     = 12
	TypeHashZiplist     = 13
	TypeListQuicklist   = 14
	TypeStreamListpacks = 15
	TypeHashListpack    = 16
	TypeZSetListpack    = 17
	TypeListQuicklist2  = 18
	TypeStreamListpack2 = 19
	TypeSetListpack     = 20
	TypeStreamListpack3 = 21 // Redis 7.2: consumers also have an active time
)

// Opcodes: the bytes in a value type's place that introduce something else.
const (
	OpFunction2    = 245
	OpFunction     = 246
	OpModuleAux    = 247
	OpIdle         = 248
	OpFreq         = 249
	OpAux          = 250
	OpResizeDB     = 251
	OpExpireTimeMs = 252
	OpExpireTime   = 253
	OpSelectDB     = 254
	OpEOF          = 255
)

// Length encodings: the top two bits of a length's first byte.
const (
	len6Bit  = 0
	len14Bit = 1
	len32Bit = 0x80
	len64Bit = 0x81
	lenEnc   = 3 // the low six bits name a special string encoding
)

// Special string encodings (lenEnc).
const (
	encInt8  = 0
	encInt16 = 1
	encInt32 = 2
	encLZF   = 3
)

// Quicklist node containers (TypeListQuicklist2).
const (
	containerPlain  = 1
	containerPacked = 2
)
