package com.modelregistry.local; public final class LocalRuntimeMain { public static void main(String[] a){} }
