package engine

// Version is luakv's own version (INFO luakv_version).
const Version = "0.1.0"

// RedisVersion is the Redis version luakv is compatible with (INFO
// redis_version): clients choose code paths by it.
const RedisVersion = "7.0.15"

// RedisVersionNum is RedisVersion as Redis encodes it for scripts
// (redis.REDIS_VERSION_NUM): 0x00MMmmpp.
const RedisVersionNum = 7<<16 | 0<<8 | 15
