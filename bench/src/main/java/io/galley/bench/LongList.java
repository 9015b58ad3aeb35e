package io.galley.bench;

import java.util.Arrays;

/** A growable list of primitive longs, so that recording a latency allocates nothing. */
final class LongList {
  private long[] values = new long[256];
  private int size;

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  int size() {
    return size;
  }

  long sum() {
    long sum = 0;
    for (int i = 0; i < size; i++) {
      sum += values[i];
    }
    return sum;
  }

  long[] toArray() {
    return Arrays.copyOf(values, size);
  }

  static long[] concat(Iterable<LongList> lists) {
    LongList all = new LongList();
    for (LongList list : lists) {
      for (int i = 0; i < list.size; i++) {
        all.add(list.values[i]);
      }
    }
    return all.toArray();
  }
}
