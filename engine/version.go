package engine

// Version is luakv's own version (INFO luakv_version).
const Version = "0.1.0"

// RedisVersion is the Redis version luakv is compatible with (INFO
// redis_version): clients choose code paths by it.
const RedisVersion = "7.0.15"
