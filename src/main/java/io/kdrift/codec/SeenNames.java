package io.kdrift.codec;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The field names of one JSON object read so far, to reject a name that appears twice. Jackson's own
 * duplicate detection builds a hash set for every object of every event; objects here have a handful of
 * names, so their hash codes are compared one by one (Jackson hands out canonical names whose hash is
 * cached), and only an object past {@value #LINEAR_LIMIT} names gets a set.
 */
final class SeenNames {
    private static final int LINEAR_LIMIT = 32;
    private String[] names = new String[8];
    private int[] hashes = new int[8];
    private int size;
    private Set<String> set;

    /** Adds the name; false if the object already had it. */
    boolean add(String name) {
        if (set != null) {
            return set.add(name);
        }
        int hash = name.hashCode();
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash && names[i].equals(name)) {
                return false;
            }
        }
        if (size == LINEAR_LIMIT) {
            set = new HashSet<>(Arrays.asList(names).subList(0, size));
            return set.add(name);
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        hashes[size] = hash;
        names[size++] = name;
        return true;
    }
}
