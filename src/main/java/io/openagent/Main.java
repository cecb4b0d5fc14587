package io.openagent;

public final class Main {
    public static void main(String[] args) { }
}
