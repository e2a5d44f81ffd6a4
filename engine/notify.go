package engine

import "unsafe"

// Keyspace notifications: every command raises its events through
// Engine.Notify (the points where Redis calls notifyKeyspaceEvent); the
// pub/sub layer's sink turns the enabled ones into messages on
//
//	__keyspace@<db>__:<key>    carrying the event name, and
//	__keyevent@<db>__:<event>  carrying the key,
//
// as notify-keyspace-events selects (its classes, and K and E for the two
// channel families).

// keyspaceEvent is the engine's keyspace-event sink, installed when the
// first client subscribes: before that nobody could receive an event. It
// returns at once (without allocating) when the event's class is off or
// nobody is subscribed to anything.
func (e *Engine) keyspaceEvent(db *DB, class NotifyClass, event, key string) {
	if e.Config.NotifyEvents&class == 0 {
		return
	}
	ps := e.ps
	if ps == nil || len(ps.channels) == 0 && len(ps.patterns) == 0 {
		return
	}
	if e.Config.NotifyKeyspace {
		ps.chanBuf = appendChannelName(ps.chanBuf[:0], "__keyspace@", db.ID, key)
		e.publish(ps.chanBuf, bytesView(event))
	}
	if e.Config.NotifyKeyevent {
		ps.chanBuf = appendChannelName(ps.chanBuf[:0], "__keyevent@", db.ID, event)
		e.publish(ps.chanBuf, bytesView(key))
	}
}

// bytesView views s as bytes without copying; the result must not be
// modified.
func bytesView(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
