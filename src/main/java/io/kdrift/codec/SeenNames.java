package io.kdrift.codec;

import java.util.Arrays;

/**
 * The field names of one JSON object read so far, to reject a name that appears twice. Jackson's own
 * duplicate detection builds a hash set for every object of every event; objects here mostly have a handful of
 * names, so their hash codes are compared one by one (Jackson hands out canonical names whose hash is
 * cached), and only an object past {@value #LINEAR_LIMIT} names gets a table: open addressing over an array, no
 * object per name (a model with 50 features paid more for a {@code HashSet} an event than for binning them).
 */
final class SeenNames {
    private static final int LINEAR_LIMIT = 16;
    private String[] names = new String[8];
    private int[] hashes = new int[8];
    private int size;
    /** Past {@value #LINEAR_LIMIT} names: every name, by its hash with linear probing, at most half full; null before. */
    private String[] table;

    /** Adds the name; false if the object already had it. */
    boolean add(String name) {
        int hash = name.hashCode();
        if (table != null) {
            return addToTable(name, hash);
        }
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash && names[i].equals(name)) {
                return false;
            }
        }
        if (size == LINEAR_LIMIT) {
            table = new String[4 * LINEAR_LIMIT];
            int n = size;
            size = 0;
            for (int i = 0; i < n; i++) {
                addToTable(names[i], hashes[i]);
            }
            return addToTable(name, hash);
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        hashes[size] = hash;
        names[size++] = name;
        return true;
    }

    private boolean addToTable(String name, int hash) {
        int mask = table.length - 1;
        for (int i = (hash ^ (hash >>> 16)) & mask; ; i = (i + 1) & mask) {
            String at = table[i];
            if (at == null) {
                table[i] = name;
                if (++size * 2 > table.length) {
                    grow();
                }
                return true;
            }
            if (at == name || at.hashCode() == hash && at.equals(name)) {
                return false;
            }
        }
    }

    private void grow() {
        String[] old = table;
        table = new String[old.length * 2];
        size = 0;
        for (String name : old) {
            if (name != null) {
                addToTable(name, name.hashCode());
            }
        }
    }
}
