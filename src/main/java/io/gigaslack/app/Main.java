package io.gigaslack.app; public class Main { public static void main(String[] a){} }
