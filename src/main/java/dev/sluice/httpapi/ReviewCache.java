package dev.sluice.httpapi;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The positive answers of the API server's reviews, kept briefly so that a caller's calls do not
 * each cost a TokenReview and a SubjectAccessReview: at most {@code maxEntries} (the least recently
 * used go first), each for {@code ttl}. Denials are never kept, so a grant takes effect at once; a
 * revocation takes effect within {@code ttl}.
 */
final class ReviewCache<K, V> {
  private record Entry<V>(V value, long expiresAtMillis) {}

  private final Clock clock;
  private final long ttlMillis;
  private final Map<K, Entry<V>> entries;

  ReviewCache(Clock clock, Duration ttl, int maxEntries) {
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** The value kept for {@code key}, unless there is none or it has expired. */
  synchronized Optional<V> get(K key) {
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (clock.millis() >= entry.expiresAtMillis()) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  synchronized void put(K key, V value) {
    if (ttlMillis > 0) {
      entries.put(key, new Entry<>(value, clock.millis() + ttlMillis));
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
