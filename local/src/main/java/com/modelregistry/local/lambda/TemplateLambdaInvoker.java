package com.modelregistry.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.sam.FunctionDefinition;
import com.modelregistry.local.sam.LocalStack;
import com.modelregistry.local.sam.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Invokes the template's functions in-process as Lambda's Java runtime would: the function is found by
 * its ARN or name ({@code model-registry-local-<LogicalId>}, optionally qualified), its handler class is
 * instantiated once (through a public {@code (Config, AwsClients)} constructor like {@link LocalFunction},
 * else a public no-argument one) and its handler method ({@code Class::method}, default
 * {@code handleRequest}) called with the payload converted to the method's input type as Lambda's Java runtime
 * converts it: an event class of aws-lambda-java-events that aws-lambda-java-serialization knows (e.g.
 * {@code DynamodbEvent}, {@code ScheduledEvent}) by that library's serializer for it, anything else by Jackson
 * (configured as Lambda's serializer: unknown properties ignored, nulls omitted from the output); or as
 * bytes for a stream handler ({@code (InputStream, OutputStream[, Context])}). The result is written the same way.
 *
 * <p>A handler exception becomes a {@link LambdaFunctionError} whose {@code errorType} is the exception's
 * fully qualified class name, as Lambda's Java runtime reports it (e.g. {@code java.lang.IllegalStateException});
 * an unknown function is {@code ResourceNotFoundException}. Safe to call from any number of threads (the
 * handlers themselves must be thread-safe, as the API handler is).
 */
public final class TemplateLambdaInvoker implements LambdaInvoker, AutoCloseable {

  /** How Lambda's Java runtime (aws-lambda-java-serialization) reads events and writes responses. */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .findAndAddModules()
      .build();

  private final Map<String, FunctionDefinition> functionsByName = new LinkedHashMap<>();
  private final DynamoDbClient dynamoDb;
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final List<AwsClients> clients = new ArrayList<>();

  /**
   * @param dynamoDb the DynamoDB client handlers with a {@code (Config, AwsClients)} constructor get (the
   *     local runtime's in-process one); may be null if no such handler needs it
   */
  public TemplateLambdaInvoker(SamTemplate template, DynamoDbClient dynamoDb) {
    this.dynamoDb = dynamoDb;
    template.functions().forEach(function -> functionsByName.put(function.functionName(), function));
  }

  @Override
  public JsonNode invoke(String function, JsonNode payload) {
    FunctionDefinition definition = functionsByName.get(functionName(function));
    if (definition == null) {
      throw new AwsServiceError("ResourceNotFoundException", "Function not found: "
          + (function.startsWith("arn:") ? function : "arn:aws:lambda:" + LocalStack.REGION + ":" + LocalStack.ACCOUNT_ID
              + ":function:" + function), 404);
    }
    Handler handler = handlers.computeIfAbsent(definition.functionName(), name -> handler(definition));
    return handler.call(payload, new LocalLambdaContext(UUID.randomUUID().toString(), definition));
  }

  /**
   * {@code arn:aws:lambda:region:account:function:NAME[:qualifier]}, {@code account:function:NAME} or
   * {@code NAME[:qualifier]} → NAME.
   */
  static String functionName(String function) {
    String[] parts = function.split(":");
    if (function.startsWith("arn:") && parts.length >= 7) {
      return parts[6];
    }
    if (parts.length >= 3 && parts[1].equals("function")) {
      return parts[2];
    }
    return parts[0];
  }

  private Handler handler(FunctionDefinition definition) {
    String className = definition.handlerClass();
    Class<?> handlerClass;
    try {
      handlerClass = Class.forName(className, true, Thread.currentThread().getContextClassLoader() != null
          ? Thread.currentThread().getContextClassLoader() : TemplateLambdaInvoker.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new LambdaFunctionError("java.lang.ClassNotFoundException", "Class not found: " + className, e);
    } catch (ExceptionInInitializerError e) {
      throw functionError(e.getCause() == null ? e : e.getCause());
    }
    Object instance = instantiate(definition, handlerClass);
    Method method = handlerMethod(handlerClass, definition.handlerMethod());
    return new Handler(instance, method);
  }

  private Object instantiate(FunctionDefinition definition, Class<?> handlerClass) {
    try {
      Constructor<?> withClients = constructor(handlerClass, Config.class, AwsClients.class);
      if (withClients != null) {
        Map<String, String> environment = new LinkedHashMap<>(definition.environment());
        environment.put(Config.REGION_VARIABLE, LocalStack.REGION);
        environment.put("S3_FORCE_PATH_STYLE", "true"); // the local S3 server has no per-bucket host names
        Config config = Config.fromEnvironment(environment);
        AwsClients awsClients = AwsClients.withDynamoDb(config, dynamoDb);
        synchronized (clients) {
          clients.add(awsClients);
        }
        return withClients.newInstance(config, awsClients);
      }
      Constructor<?> noArguments = constructor(handlerClass);
      if (noArguments != null) {
        return noArguments.newInstance();
      }
      throw new LambdaFunctionError("java.lang.NoSuchMethodException", definition.handlerClass()
          + " has neither a public (Config, AwsClients) constructor nor a public no-argument one", null);
    } catch (InvocationTargetException e) {
      throw functionError(e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (e instanceof LambdaFunctionError error) {
        throw error;
      }
      throw functionError(e);
    }
  }

  private static Constructor<?> constructor(Class<?> type, Class<?>... parameters) {
    try {
      Constructor<?> constructor = type.getConstructor(parameters);
      return Modifier.isPublic(constructor.getModifiers()) ? constructor : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** The public method of that name Lambda would call: (input[, Context]), (InputStream, OutputStream[, Context]) or (). */
  private static Method handlerMethod(Class<?> type, String name) {
    Method best = null;
    for (Method method : type.getMethods()) {
      if (!method.getName().equals(name) || method.isBridge() || method.isSynthetic()
          || method.getParameterCount() > 3 || Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      if (best == null || preferred(method, best)) {
        best = method;
      }
    }
    if (best == null) {
      throw new LambdaFunctionError("java.lang.NoSuchMethodException", "No public method named " + name + " with"
          + " appropriate method signature found on class " + type.getName(), null);
    }
    return best;
  }

  /** More parameters first (a Context-taking overload wins), then a specific input type over Object. */
  private static boolean preferred(Method candidate, Method current) {
    if (candidate.getParameterCount() != current.getParameterCount()) {
      return candidate.getParameterCount() > current.getParameterCount();
    }
    return candidate.getParameterCount() > 0 && current.getParameterTypes()[0] == Object.class
        && candidate.getParameterTypes()[0] != Object.class;
  }

  private static LambdaFunctionError functionError(Throwable thrown) {
    return new LambdaFunctionError(thrown.getClass().getName(), thrown.getMessage(), thrown);
  }

  @Override
  public void close() {
    synchronized (clients) {
      for (AwsClients awsClients : clients) {
        awsClients.close(); // not the runtime's in-process DynamoDB client
      }
      clients.clear();
    }
  }

  /** One instantiated handler and the method Lambda calls on it. */
  private static final class Handler {
    private final Object instance;
    private final Method method;
    private final boolean stream;
    private final JavaType inputType;
    private final PojoSerializer<Object> inputEvent;
    private final PojoSerializer<Object> outputEvent;

    Handler(Object instance, Method method) {
      this.instance = instance;
      this.method = method;
      Class<?>[] parameters = method.getParameterTypes();
      this.stream = parameters.length >= 2 && InputStream.class.isAssignableFrom(parameters[0])
          && OutputStream.class.isAssignableFrom(parameters[1]);
      Type input = parameters.length > 0 && !Context.class.equals(parameters[0]) ? method.getGenericParameterTypes()[0] : null;
      this.inputType = stream || input == null ? null : MAPPER.constructType(input);
      this.inputEvent = stream || input == null ? null : lambdaEventSerializer(input, instance);
      this.outputEvent = stream ? null : lambdaEventSerializer(method.getGenericReturnType(), instance);
    }

    /**
     * The serializer Lambda's Java runtime uses for {@code type} when it is an event class aws-lambda-java-serialization
     * supports (with its mixins: {@code "Records"}, {@code "NewImage"}, epoch-second dates, ...); else null.
     */
    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> lambdaEventSerializer(Type type, Object instance) {
      if (type instanceof Class<?> eventClass && LambdaEventSerializers.isLambdaSupportedEvent(eventClass.getName())) {
        return LambdaEventSerializers.serializerFor((Class<Object>) eventClass, instance.getClass().getClassLoader());
      }
      return null;
    }

    JsonNode call(JsonNode payload, Context context) {
      Object[] arguments = new Object[method.getParameterCount()];
      ByteArrayOutputStream output = null;
      if (stream) {
        output = new ByteArrayOutputStream();
        arguments[0] = new ByteArrayInputStream(bytes(payload));
        arguments[1] = output;
      } else if (inputType != null) {
        arguments[0] = input(payload);
      }
      Class<?>[] parameters = method.getParameterTypes();
      for (int i = 0; i < arguments.length; i++) {
        if (Context.class.isAssignableFrom(parameters[i])) {
          arguments[i] = context;
        }
      }
      Object result;
      try {
        result = method.invoke(instance, arguments);
      } catch (InvocationTargetException e) {
        throw functionError(e.getCause());
      } catch (IllegalAccessException e) {
        throw functionError(e);
      }
      return stream ? parseOutput(output.toByteArray()) : output(result);
    }

    private Object input(JsonNode payload) {
      if (payload == null || payload.isNull()) {
        return null;
      }
      try {
        return inputEvent != null ? inputEvent.fromJson(new ByteArrayInputStream(bytes(payload)))
            : MAPPER.convertValue(payload, inputType);
      } catch (RuntimeException e) {
        throw new LambdaFunctionError("java.lang.RuntimeException", "An error occurred during JSON parsing", e);
      }
    }

    private JsonNode output(Object result) {
      if (result == null) {
        return MAPPER.nullNode();
      }
      if (result instanceof JsonNode node) {
        return node;
      }
      if (outputEvent != null) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
          outputEvent.toJson(result, bytes);
          return MAPPER.readTree(bytes.toByteArray());
        } catch (IOException | RuntimeException e) {
          throw new LambdaFunctionError("java.lang.RuntimeException", "An error occurred during JSON serialization of response", e);
        }
      }
      try {
        return MAPPER.valueToTree(result);
      } catch (IllegalArgumentException e) {
        throw new LambdaFunctionError("java.lang.RuntimeException", "An error occurred during JSON serialization of response", e);
      }
    }

    private static byte[] bytes(JsonNode payload) {
      try {
        return MAPPER.writeValueAsBytes(payload);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    /** A stream handler's bytes: JSON if they parse, else the text (as Lambda returns any bytes). */
    private static JsonNode parseOutput(byte[] bytes) {
      if (bytes.length == 0) {
        return MAPPER.nullNode();
      }
      try {
        return MAPPER.readTree(bytes);
      } catch (java.io.IOException e) {
        return MAPPER.getNodeFactory().textNode(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }
}
