package io.kdrift.alert;

/** Where one (model, signal, rule) stands: firing or not, and the current run of breaching or clean windows. */
public final class AlertState {
    boolean firing;
    int breachStreak;
    int cleanStreak;
    long startsAt;

    AlertState() {
    }

    AlertState(boolean firing, int breachStreak, int cleanStreak, long startsAt) {
        this.firing = firing;
        this.breachStreak = breachStreak;
        this.cleanStreak = cleanStreak;
        this.startsAt = startsAt;
    }

    public boolean firing() {
        return firing;
    }
}
